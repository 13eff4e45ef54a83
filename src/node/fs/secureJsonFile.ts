/**
 * A JSON file that holds secrets (tokens, client secrets): readable by its owner only (0600, in a 0700 folder),
 * replaced atomically (write a temporary file, then rename) so a crash never leaves half a file, and updated
 * under a lock file so two processes (two terminals running the CLI) do not lose each other's changes.
 */
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { locate } from '../config/readConfigFile';
import { ConfigFileError } from '../errors';

const FILE_MODE = 0o600;
const DIR_MODE = 0o700;
const LOCK_RETRY_MS = 25;
/** How long to wait for another process's lock: bounded, so a stuck process cannot hang every command. */
const LOCK_ATTEMPTS = 200; // × 25 ms = 5 s
/** A lock older than this belongs to a process that died while holding it. */
const STALE_LOCK_MS = 30_000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The parsed content of the file, or undefined when it does not exist. Throws ConfigFileError when it cannot
 * be read or is not JSON; the message gives the position, never the text (it may hold a token).
 */
export function readSecureJson(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ENOENT') return undefined;
    throw new ConfigFileError(`Could not read ${path} (${String(code ?? 'unknown error')})`, path, {
      cause: error,
    });
  }
  if (text.trim() === '') return undefined; // an empty file (e.g. `touch`ed) holds nothing yet
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ConfigFileError(`${path} is not valid JSON${locate(text, error)}`, path);
  }
}

/** Writes `value` as the file's new content: temporary file with mode 0600, then rename over the old one. */
export function writeSecureJson(path: string, value: unknown): void {
  mkdirSync(dirname(path), { recursive: true, mode: DIR_MODE });
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    writeFileSync(temporary, `${JSON.stringify(value, null, 2)}\n`, { mode: FILE_MODE, flag: 'wx' });
    // The mode given to open() is masked by the umask; make sure the bits are exactly 0600.
    chmodSync(temporary, FILE_MODE);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    const code = (error as { code?: unknown }).code;
    throw new ConfigFileError(`Could not write ${path} (${String(code ?? 'unknown error')})`, path, {
      cause: error,
    });
  }
}

function tryLock(lockPath: string): boolean {
  try {
    const fd = openSync(lockPath, 'wx', FILE_MODE);
    writeSync(fd, String(process.pid));
    closeSync(fd);
    return true;
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'EEXIST') throw error;
    try {
      if (Date.now() - statSync(lockPath).mtimeMs > STALE_LOCK_MS) rmSync(lockPath, { force: true });
    } catch {
      // The holder released it in the meantime: the next attempt takes it.
    }
    return false;
  }
}

async function withFileLock<T>(path: string, fn: () => T): Promise<T> {
  mkdirSync(dirname(path), { recursive: true, mode: DIR_MODE });
  const lockPath = `${path}.lock`;
  for (let attempt = 0; !tryLock(lockPath); attempt += 1) {
    if (attempt >= LOCK_ATTEMPTS) {
      throw new ConfigFileError(
        `${path} is locked by another mcp-use process (if none is running, delete ${lockPath})`,
        path,
      );
    }
    await sleep(LOCK_RETRY_MS);
  }
  try {
    return fn();
  } finally {
    rmSync(lockPath, { force: true });
  }
}

/** Updates queued per path in this process, so they run one after another (the lock file covers other processes). */
const queues = new Map<string, Promise<unknown>>();

/**
 * Read-modify-write under the lock. `update` receives the current content (undefined when there is no file)
 * and returns the new one, or `undefined` to leave the file as it is. A corrupt file is never overwritten:
 * reading it throws first.
 */
export function updateSecureJson(path: string, update: (current: unknown) => unknown): Promise<void> {
  const previous = queues.get(path) ?? Promise.resolve();
  const run = previous.then(
    () => withFileLock(path, () => apply(path, update)),
    () => withFileLock(path, () => apply(path, update)),
  );
  const tail = run.catch(() => undefined);
  queues.set(path, tail);
  void tail.then(() => {
    if (queues.get(path) === tail) queues.delete(path);
  });
  return run;
}

function apply(path: string, update: (current: unknown) => unknown): void {
  const next = update(readSecureJson(path));
  if (next !== undefined) writeSecureJson(path, next);
}
