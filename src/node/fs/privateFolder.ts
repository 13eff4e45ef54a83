/**
 * The folder that holds secret files (`~/.mcp-use`, or the folder of a configured file) must be ours alone:
 * anyone who can write to it can plant a file there — a sessions file with a stdio session that runs their
 * command, a token store that sends our tokens elsewhere — or swap ours for theirs. So before a secret file is
 * read or written, its folder is checked: created 0700 when missing, tightened to 0700 when it is ours but open to
 * others (and said so), refused when it is a symbolic link, not a folder, someone else's, or a shared folder such
 * as /tmp (which cannot be tightened without breaking everyone else's use of it).
 */
import { chmodSync, lstatSync, mkdirSync, type Stats } from 'node:fs';
import { ConfigFileError, InsecureStorageError } from '../errors';

export const PRIVATE_FOLDER_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Where the notices about a tightened folder or file go (the CLI's stderr, MCPClient's log). */
export interface SecureFileOptions {
  /** Told once when a folder or file that was open to other users has been made private. */
  onNotice?: (message: string) => void;
}

/** File modes and owners mean what they say on POSIX systems only; Windows has neither (ACLs instead). */
export const checksOwnership = process.platform !== 'win32' && typeof process.getuid === 'function';

export const octal = (mode: number): string => (mode & 0o7777).toString(8).padStart(4, '0');

/** The folder cannot even be looked at or created (no permission, a file where a parent folder should be). */
function unusable(dir: string, error: unknown): ConfigFileError {
  const code = (error as { code?: unknown }).code;
  return new ConfigFileError(`Could not use the folder ${dir} (${String(code ?? 'unknown error')})`, dir, {
    cause: error,
  });
}

/** Refuses an entry (folder or file) that belongs to another user: we would be trusting what they wrote. */
export function assertOwnedByUs(path: string, stat: Stats, what: 'folder' | 'file'): void {
  const uid = process.getuid?.();
  if (!checksOwnership || uid === undefined || stat.uid === uid) return;
  throw new InsecureStorageError(
    path,
    'other_owner',
    what === 'folder'
      ? `${path} belongs to another user (uid ${stat.uid}), who could plant sessions or tokens in it: make it yours (chown -R $(id -u) ${path}) or move it aside, then run again`
      : `${path} belongs to another user (uid ${stat.uid}) and was not written by mcp-use, so it is not used: remove it (rm ${path}), then run again`,
  );
}

/**
 * Makes sure `dir` exists (when `create`) and is a private folder of ours; returns false when it does not exist
 * and `create` is false (nothing can be read from it). Throws InsecureStorageError when it cannot be trusted.
 */
export function ensurePrivateFolder(dir: string, create: boolean, options: SecureFileOptions = {}): boolean {
  let stat: Stats;
  try {
    stat = lstatSync(dir);
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'ENOENT') throw unusable(dir, error);
    if (!create) return false;
    try {
      mkdirSync(dir, { recursive: true, mode: PRIVATE_FOLDER_MODE });
      // The mode given to mkdir() is masked by the umask: make sure it is exactly 0700.
      if (checksOwnership) chmodSync(dir, PRIVATE_FOLDER_MODE);
    } catch (mkdirError) {
      throw unusable(dir, mkdirError);
    }
    return true;
  }
  if (stat.isSymbolicLink()) {
    throw new InsecureStorageError(
      dir,
      'symlink',
      `${dir} is a symbolic link; mcp-use keeps secrets only in a real folder of yours: replace the link with a folder (mkdir -m 700), then run again`,
    );
  }
  if (!stat.isDirectory()) {
    throw new InsecureStorageError(
      dir,
      'not_folder',
      `${dir} is not a folder; mcp-use keeps its files in a folder there: move it aside (mv ${dir} ${dir}.bak), then run again`,
    );
  }
  assertOwnedByUs(dir, stat, 'folder');
  if (!checksOwnership || (stat.mode & 0o077) === 0) return true;
  // A sticky world-writable folder (/tmp) is shared by design: tightening it would break every other user of it.
  if (stat.mode & 0o1000 && stat.mode & 0o002) {
    throw new InsecureStorageError(
      dir,
      'shared_folder',
      `${dir} is shared with other users (mode ${octal(stat.mode)}), who can plant files in it: keep mcp-use files in a folder of their own`,
    );
  }
  chmodSync(dir, PRIVATE_FOLDER_MODE);
  options.onNotice?.(
    `${dir} was open to other users (mode ${octal(stat.mode)}); mcp-use made it private (0700)`,
  );
  return true;
}
