/**
 * A named lock that holds across the processes of one machine: a lock file created exclusively next to the file
 * it protects, holding the holder's pid, host and a random token. It is what lets two terminals (or a hundred
 * scripts) that share a token file refresh once: RFC 9700 §4.14.2 rotation means a second refresh with the same
 * refresh token is a replay, and the authorization server revokes the whole grant.
 *
 * - **Acquire**: the content is written to a temporary file first, then linked to the lock's name: link(2) fails
 *   when the name exists, so exactly one process creates it, and nobody ever reads a half-written lock.
 * - **Lease**: the holder renews the file's mtime every third of `leaseMs`. A lock is stale when its holder's pid
 *   is gone (same host) or its lease ran out (the holder hung, or was paused).
 * - **Breaking a stale lock, or releasing one's own**: whoever removes the lock with token T first creates the
 *   claim file `<lock>.<T>.gone` exclusively. Only the claimant may unlink a lock holding T, so the lock it reads
 *   after claiming is still T's: two waiters can never both break it, and a slow one can never unlink the lock
 *   that a third process has taken since. A holder that finds the claim taken knows it lost the lock.
 * - **Bounded wait**: LockTimeoutError after `timeoutMs`. Released on every way out: return, throw, and
 *   `process.exit()`; a process killed outright leaves a lock whose pid is gone, which the next waiter breaks.
 */
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  constants,
  fstatSync,
  linkSync,
  lstatSync,
  openSync,
  readFileSync,
  rmSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import type { LockFn, LockLease } from '../../auth/lock';
import { LockLostError, LockTimeoutError } from '../errors';
import { ensurePrivateFolder, PRIVATE_FILE_MODE, type SecureFileOptions } from './privateFolder';

export interface FileLockOptions extends SecureFileOptions {
  /** How long a holder's claim lasts unless renewed (it is renewed every third of it). Default 10 s. */
  leaseMs?: number;
  /** How long to wait for the lock before LockTimeoutError. */
  timeoutMs: number;
}

export const DEFAULT_LEASE_MS = 10_000;
/** A claim lives for two system calls; one this old was left by a process that died between them. */
const ORPHAN_CLAIM_MS = 5_000;
const MAX_POLL_MS = 100;

const HOST = hostname();
/**
 * The time to compare with a lock file's mtime: the system's clock as the process started plus the monotonic
 * time since, so a program that moves `Date.now` (a test's clock, a time library) does not make every lock look
 * stale, nor a clock step make a live one look so.
 */
const fileTimeNow = () => performance.timeOrigin + performance.now();
const errorCode = (error: unknown): unknown => (error as { code?: unknown }).code;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface LockFile {
  /** The holder's token, or for content this code did not write, the file's inode. */
  id: string;
  pid?: number;
  host?: string;
  mtimeMs: number;
}

/** The lock file as it is now; undefined when there is none. Never follows a link. */
function inspect(path: string): LockFile | undefined {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const stat = fstatSync(fd);
    let content: { token?: unknown; pid?: unknown; host?: unknown } = {};
    try {
      content = JSON.parse(readFileSync(fd, 'utf8'));
    } catch {
      // Not ours: judged by its age alone, known by its inode.
    }
    return {
      id: typeof content.token === 'string' ? content.token : `inode-${stat.ino}`,
      ...(typeof content.pid === 'number' ? { pid: content.pid } : {}),
      ...(typeof content.host === 'string' ? { host: content.host } : {}),
      mtimeMs: stat.mtimeMs,
    };
  } finally {
    closeSync(fd);
  }
}

/** Whether `pid` runs on this machine (EPERM: it does, as another user). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errorCode(error) === 'EPERM';
  }
}

/** Tokens of the locks this process holds, by path: released at exit, and told apart from a dead namesake. */
const held = new Map<string, string>();

function isStale(path: string, lock: LockFile, leaseMs: number): boolean {
  if (fileTimeNow() - lock.mtimeMs > leaseMs) return true;
  if (lock.host !== HOST || lock.pid === undefined) return false;
  // Our own pid on a lock this process does not hold: left by an earlier process that had our pid.
  if (lock.pid === process.pid) return held.get(path) !== lock.id;
  return !isAlive(lock.pid);
}

/** Creates `path` with `text` exclusively; false when it exists. */
function createExclusive(path: string, text: string): boolean {
  const temporary = `${path}.${randomBytes(6).toString('hex')}.new`;
  writeFileSync(temporary, text, { flag: 'wx', mode: PRIVATE_FILE_MODE });
  try {
    linkSync(temporary, path);
    return true;
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return false;
    // A file system without hard links: an exclusive create of the name itself (its content follows at once).
    if (!['EPERM', 'ENOTSUP', 'ENOSYS', 'EOPNOTSUPP'].includes(String(errorCode(error)))) throw error;
    try {
      writeFileSync(path, text, { flag: 'wx', mode: PRIVATE_FILE_MODE });
      return true;
    } catch (fallbackError) {
      if (errorCode(fallbackError) === 'EEXIST') return false;
      throw fallbackError;
    }
  } finally {
    rmSync(temporary, { force: true });
  }
}

function ageMs(path: string): number | undefined {
  try {
    return fileTimeNow() - lstatSync(path).mtimeMs;
  } catch {
    return undefined;
  }
}

const claimPath = (path: string, id: string) => `${path}.${id}.gone`;

/**
 * Removes the lock at `path` if it still is the one known as `id`; false when another process has claimed that
 * removal (it is breaking it, or the holder is releasing it).
 */
function removeLock(path: string, id: string): boolean {
  const claim = claimPath(path, id);
  const owner = JSON.stringify({ pid: process.pid, host: HOST });
  let orphan: string | undefined;
  if (!createExclusive(claim, owner)) {
    const age = ageMs(claim);
    orphan = `${claim}.orphan`;
    if (age === undefined || age < ORPHAN_CLAIM_MS || !createExclusive(orphan, owner)) return false;
  }
  try {
    // Nobody else may unlink a lock known as `id` while the claim is ours: what is read here stays until unlinked.
    if (inspect(path)?.id === id) unlinkSync(path);
  } finally {
    rmSync(claim, { force: true });
    if (orphan) rmSync(orphan, { force: true });
  }
  return true;
}

/** The lease handed to the holder; the file store checks it inside its write lock, before writing. */
export class FileLease implements LockLease {
  readonly name: string;
  readonly #path: string;
  readonly #token: string;

  constructor(name: string, path: string, token: string) {
    this.name = name;
    this.#path = path;
    this.#token = token;
  }

  /** Still ours: the lock file holds our token and nobody has claimed its removal. */
  isHeld(): boolean {
    return inspect(this.#path)?.id === this.#token && ageMs(claimPath(this.#path, this.#token)) === undefined;
  }

  assertHeldSync(): void {
    if (!this.isHeld()) throw new LockLostError(this.name);
  }

  async assertHeld(): Promise<void> {
    this.assertHeldSync();
  }

  renew(): void {
    try {
      const seconds = fileTimeNow() / 1000;
      if (this.isHeld()) utimesSync(this.#path, seconds, seconds);
    } catch {
      // Gone or unreadable: the next assertHeld() says so.
    }
  }
}

let exitHandler = false;
function releaseAtExit(): void {
  if (exitHandler) return;
  exitHandler = true;
  process.once('exit', () => {
    for (const [path, token] of held) {
      try {
        removeLock(path, token);
      } catch {
        // Exiting anyway; a lock left behind names a pid that is gone.
      }
    }
  });
}

async function acquire(
  path: string,
  name: string,
  token: string,
  options: FileLockOptions,
  deadline: number,
) {
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const content = JSON.stringify({
    pid: process.pid,
    host: HOST,
    token,
    acquiredAt: new Date().toISOString(),
  });
  for (let pollMs = 5; ; pollMs = Math.min(pollMs * 2, MAX_POLL_MS)) {
    if (createExclusive(path, content)) return;
    const current = inspect(path);
    if (!current) continue; // released between the two calls
    if (isStale(path, current, leaseMs) && removeLock(path, current.id)) continue;
    if (performance.now() >= deadline) {
      const where =
        current.pid !== undefined ? `process ${current.pid} (lock file ${path})` : `lock file ${path}`;
      throw new LockTimeoutError(name, options.timeoutMs, where);
    }
    // Jittered, so that the waiters of a released lock do not all try in the same instant.
    await sleep(pollMs / 2 + Math.random() * pollMs);
  }
}

/** Callers in this process queue here in order, so only one of them polls the lock file at a time. */
const queues = new Map<string, Promise<unknown>>();

/** Runs `fn` holding the lock file at `path` (its folder is made a private one first). */
export function withFileLock<T>(
  path: string,
  name: string,
  fn: (lease: FileLease) => Promise<T> | T,
  options: FileLockOptions,
): Promise<T> {
  const deadline = performance.now() + options.timeoutMs;
  const hold = async (): Promise<T> => {
    ensurePrivateFolder(dirname(path), true, options);
    const token = randomBytes(16).toString('hex');
    await acquire(path, name, token, options, deadline);
    held.set(path, token);
    releaseAtExit();
    const lease = new FileLease(name, path, token);
    const renewal = setInterval(() => lease.renew(), (options.leaseMs ?? DEFAULT_LEASE_MS) / 3);
    renewal.unref();
    try {
      return await fn(lease);
    } finally {
      clearInterval(renewal);
      held.delete(path);
      try {
        removeLock(path, token);
      } catch {
        // Left behind, it names this live process but no lock it holds: the next waiter breaks it.
      }
    }
  };
  const previous = queues.get(path) ?? Promise.resolve();
  const run = previous.then(hold, hold);
  const tail = run.catch(() => undefined);
  queues.set(path, tail);
  void tail.then(() => {
    if (queues.get(path) === tail) queues.delete(path);
  });
  return run;
}

/** A LockFn over lock files, one per name at `pathFor(name)`. */
export function fileLockFn(pathFor: (name: string) => string, options: FileLockOptions): LockFn {
  return (name, fn) => withFileLock(pathFor(name), name, fn, options);
}
