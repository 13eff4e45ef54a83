/**
 * Replaces a file's content so that a crash or a power cut leaves either the old content or the new one, never
 * half a file or an empty one: write a temporary file beside it, flush it to disk (fsync), rename it over the old
 * one, then flush the folder, because on POSIX file systems a rename is on disk only once its folder entry is
 * (ext4 with delayed allocation can otherwise come back from a crash with a zero-length file).
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fchmodSync, fsyncSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Writes `text` to `path` atomically with exactly `mode`. The temporary name cannot be guessed and is opened
 * with O_EXCL, which never follows a link: nothing planted there is written through.
 */
export function writeFileAtomically(path: string, text: string, mode: number): void {
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    const fd = openSync(temporary, 'wx', mode);
    try {
      writeFileSync(fd, text);
      // The mode given to open() is masked by the umask; make sure the bits are exactly `mode`.
      fchmodSync(fd, mode);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
  syncFolder(dirname(path));
}

/** Flushes a folder's entries to disk. Best effort: Windows cannot open a folder, some file systems refuse it. */
function syncFolder(dir: string): void {
  let fd: number;
  try {
    fd = openSync(dir, 'r');
  } catch {
    return;
  }
  try {
    fsyncSync(fd);
  } catch {
    // The new content is in place; only its durability across a crash is up to the file system now.
  } finally {
    closeSync(fd);
  }
}
