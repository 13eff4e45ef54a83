/**
 * The OAuth engine's TokenStore as a JSON file (mode 0600), for Node applications: tokens, client
 * registrations, discovery results and pending sign-ins survive the process, and another process using the
 * same file sees a refresh at once (every read goes to the file). Its lock is a lock file beside it
 * (fs/fileLock.ts), so processes sharing the file refresh once between them.
 */
import { createHash } from 'node:crypto';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { StoreWriteOptions, TokenStore } from '../../auth/store';
import { ConfigFileError } from '../errors';
import { FileLease, fileLockFn } from '../fs/fileLock';
import { readSecureJson, type SecureFileOptions, updateSecureJson } from '../fs/secureJsonFile';

export interface FileStoreOptions extends SecureFileOptions {
  /** The longest wait for another process's refresh (or registration) lock. Default 60 s. */
  lockTimeoutMs?: number;
}

/** Long enough for another process's refresh: a token request (30 s at most), retried after a 5xx. */
export const DEFAULT_LOCK_TIMEOUT_MS = 60_000;

/**
 * The lock file of lock `name` beside the file at `path`. Lock names hold URLs, so the file is named by their
 * SHA-256 (two names sharing a file would only wait for each other, never mix records).
 */
export function lockFileFor(path: string, name: string): string {
  return `${path}.${createHash('sha256').update(name).digest('hex').slice(0, 32)}.lock`;
}

/**
 * Checks a lease at the point of writing: inside the file's write lock for our own lock files, so a holder whose
 * lease was lost (it was paused, another took over and refreshed) cannot replace the newer tokens.
 */
export async function leaseCheck(options: StoreWriteOptions | undefined): Promise<() => void> {
  const lease = options?.lease;
  if (lease instanceof FileLease) return () => lease.assertHeldSync();
  await lease?.assertHeld();
  return () => {};
}

const FORMAT_VERSION = 1;

interface StoreFile {
  version: number;
  entries: Record<string, unknown>;
}

/** `~/.mcp-use/oauth-tokens.json` (`HOME` is respected). */
export function defaultOAuthStorePath(): string {
  return join(homedir(), '.mcp-use', 'oauth-tokens.json');
}

function entriesOf(path: string, content: unknown): Record<string, unknown> {
  if (content === undefined) return {};
  const file = content as Partial<StoreFile> | null;
  if (typeof file !== 'object' || file === null || typeof file.entries !== 'object' || !file.entries) {
    throw new ConfigFileError(`${path} is not an mcp-use token store (no "entries" object)`, path);
  }
  return file.entries as Record<string, unknown>;
}

/**
 * A KeyValueStore in the JSON file at `path` (created with mode 0600 on the first write, in a folder kept 0700:
 * see secureJsonFile.ts). `options.onNotice` hears when a folder or file open to other users was made private.
 */
export function createFileStore(
  path: string = defaultOAuthStorePath(),
  options: FileStoreOptions = {},
): TokenStore {
  const change = async (
    write: StoreWriteOptions | undefined,
    edit: (entries: Record<string, unknown>) => boolean,
  ) => {
    const assertHeld = await leaseCheck(write);
    await updateSecureJson(
      path,
      (content) => {
        assertHeld();
        const file = (content as StoreFile | undefined) ?? { version: FORMAT_VERSION, entries: {} };
        const entries = entriesOf(path, content);
        // Only what changed is written back; everything else in the file (other servers' tokens) stays as read.
        return edit(entries) ? { ...file, entries } : undefined;
      },
      options,
    );
  };
  return {
    async get<T>(key: string) {
      const entries = entriesOf(path, readSecureJson(path, options));
      return Object.hasOwn(entries, key) ? (entries[key] as T) : undefined;
    },
    set: (key, value, write) =>
      change(write, (entries) => {
        entries[key] = value;
        return true;
      }),
    del: (key, write) =>
      change(write, (entries) => {
        if (!Object.hasOwn(entries, key)) return false;
        delete entries[key];
        return true;
      }),
    lock: fileLockFn((name) => lockFileFor(path, name), {
      ...options,
      timeoutMs: options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS,
    }),
  };
}
