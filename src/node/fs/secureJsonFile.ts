/**
 * A JSON file that holds secrets (tokens, client secrets, sessions that start commands): readable by its owner
 * only (0600, in a 0700 folder: privateFolder.ts), replaced atomically and durably (atomicWrite.ts), and updated
 * under a lock file so two processes (two terminals running the CLI) do not lose each other's changes. A file
 * that is a symbolic link or belongs to someone else is never read: whoever planted it would decide what runs.
 */
import { closeSync, constants, fchmodSync, fstatSync, openSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { locate } from '../config/readConfigFile';
import { ConfigFileError, InsecureStorageError, LockTimeoutError } from '../errors';
import { writeFileAtomically } from './atomicWrite';
import { withFileLock } from './fileLock';
import {
  assertOwnedByUs,
  checksOwnership,
  ensurePrivateFolder,
  octal,
  PRIVATE_FILE_MODE,
  type SecureFileOptions,
} from './privateFolder';

export type { SecureFileOptions } from './privateFolder';

/** How long to wait for another process's write lock: bounded, so a stuck process cannot hang every command. */
const WRITE_LOCK_TIMEOUT_MS = 5_000;

const errorCode = (error: unknown): unknown => (error as { code?: unknown }).code;

function readFailure(path: string, error: unknown): ConfigFileError {
  return new ConfigFileError(
    `Could not read ${path} (${String(errorCode(error) ?? 'unknown error')})`,
    path,
    {
      cause: error,
    },
  );
}

/**
 * The file's text, or undefined when it does not exist. Opened without following a link (and without blocking
 * on a planted FIFO), then checked on the open descriptor, so it cannot be swapped between check and read.
 */
function readOwnFile(path: string, options: SecureFileOptions): string | undefined {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    if (errorCode(error) === 'ELOOP') {
      throw new InsecureStorageError(
        path,
        'symlink',
        `${path} is a symbolic link, not a file mcp-use wrote, so it is not used: remove it (rm ${path}), then run again`,
      );
    }
    throw readFailure(path, error);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) {
      throw new InsecureStorageError(
        path,
        'not_file',
        `${path} is not a regular file: move it aside (mv ${path} ${path}.bak), then run again`,
      );
    }
    assertOwnedByUs(path, stat, 'file');
    if (checksOwnership && (stat.mode & 0o077) !== 0) {
      fchmodSync(fd, PRIVATE_FILE_MODE);
      options.onNotice?.(
        `${path} was readable by other users (mode ${octal(stat.mode)}); mcp-use made it private (0600)`,
      );
    }
    return readFileSync(fd, 'utf8');
  } catch (error) {
    if (error instanceof InsecureStorageError) throw error;
    throw readFailure(path, error);
  } finally {
    closeSync(fd);
  }
}

/**
 * The parsed content of the file, or undefined when it does not exist. Throws InsecureStorageError when the file
 * or its folder cannot be trusted, ConfigFileError when it cannot be read or is not JSON; the message gives the
 * position, never the text (it may hold a token).
 */
export function readSecureJson(path: string, options: SecureFileOptions = {}): unknown {
  if (!ensurePrivateFolder(dirname(path), false, options)) return undefined;
  const text = readOwnFile(path, options);
  if (text === undefined || text.trim() === '') return undefined; // an empty file (e.g. `touch`ed) holds nothing yet
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ConfigFileError(`${path} is not valid JSON${locate(text, error)}`, path);
  }
}

/** Writes `value` as the file's new content (mode 0600), atomically, in a private folder. */
export function writeSecureJson(path: string, value: unknown, options: SecureFileOptions = {}): void {
  ensurePrivateFolder(dirname(path), true, options);
  try {
    writeFileAtomically(path, `${JSON.stringify(value, null, 2)}\n`, PRIVATE_FILE_MODE);
  } catch (error) {
    throw new ConfigFileError(
      `Could not write ${path} (${String(errorCode(error) ?? 'unknown error')})`,
      path,
      {
        cause: error,
      },
    );
  }
}

/**
 * Read-modify-write under the lock. `update` receives the current content (undefined when there is no file)
 * and returns the new one, or `undefined` to leave the file as it is. A corrupt file is never overwritten:
 * reading it throws first.
 */
export async function updateSecureJson(
  path: string,
  update: (current: unknown) => unknown,
  options: SecureFileOptions = {},
): Promise<void> {
  const lockPath = `${path}.lock`;
  try {
    await withFileLock(lockPath, lockPath, () => apply(path, update, options), {
      ...options,
      timeoutMs: WRITE_LOCK_TIMEOUT_MS,
    });
  } catch (error) {
    if (!(error instanceof LockTimeoutError)) throw error;
    throw new ConfigFileError(
      `${path} is locked by another mcp-use process (if none is running, delete ${lockPath})`,
      path,
    );
  }
}

function apply(path: string, update: (current: unknown) => unknown, options: SecureFileOptions): void {
  const next = update(readSecureJson(path, options));
  if (next !== undefined) writeSecureJson(path, next, options);
}
