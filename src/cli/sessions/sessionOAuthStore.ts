/**
 * The OAuth engine's store for one CLI session, kept inside that session's record in the sessions file: its
 * tokens are saved with it (as the reference page says) and removed with it by `disconnect`.
 *
 * While `connect` is still signing in, the session is not saved yet, so the records live in memory and are
 * written with the session. Once saved, every read goes to the file (another terminal may have refreshed the
 * tokens a moment ago) and every write goes through to it at once (a rotated refresh token must not be lost).
 */
import type { LockFn } from '../../auth/lock';
import type { StoreWriteOptions, TokenStore } from '../../auth/store';
import { fileLockFn } from '../../node/fs/fileLock';
import { DEFAULT_LOCK_TIMEOUT_MS, leaseCheck, lockFileFor } from '../../node/oauth/fileStore';
import { isSessionRecord, type SessionsFile } from './sessionsFile';

export class SessionOAuthStore implements TokenStore {
  readonly #file: SessionsFile;
  readonly #name: string;
  readonly #id: string;
  #entries: Record<string, unknown>;
  #saved: boolean;

  constructor(
    file: SessionsFile,
    name: string,
    id: string,
    entries: Record<string, unknown>,
    saved: boolean,
  ) {
    this.#file = file;
    this.#name = name;
    this.#id = id;
    this.#entries = structuredClone(entries);
    this.#saved = saved;
    // Beside the sessions file, one per session and lock name: two terminals running commands of one session
    // at the same moment refresh its tokens once (RFC 9700 §4.14.2: a replayed refresh token revokes the grant).
    this.lock = fileLockFn((lockName) => lockFileFor(file.path, JSON.stringify([id, lockName])), {
      timeoutMs: DEFAULT_LOCK_TIMEOUT_MS,
    });
  }

  readonly lock: LockFn;

  /** The records to save with a session being created. */
  snapshot(): Record<string, unknown> {
    return structuredClone(this.#entries);
  }

  /** From now on, reads and writes go to the saved session. */
  markSaved(): void {
    this.#saved = true;
  }

  async get<T>(key: string): Promise<T | undefined> {
    if (this.#saved) {
      const stored = this.#storeInFile(this.#file.read().sessions[this.#name]);
      // The session was removed or replaced meanwhile: keep answering from what this command already had.
      if (stored) this.#entries = stored;
    }
    return Object.hasOwn(this.#entries, key) ? (structuredClone(this.#entries[key]) as T) : undefined;
  }

  async set(key: string, value: unknown, options?: StoreWriteOptions): Promise<void> {
    await this.#writeThrough(options, (store) => {
      store[key] = structuredClone(value);
    });
  }

  async del(key: string, options?: StoreWriteOptions): Promise<void> {
    await this.#writeThrough(options, (store) => {
      delete store[key];
    });
  }

  #storeInFile(record: unknown): Record<string, unknown> | undefined {
    if (!isSessionRecord(record) || record.id !== this.#id || record.transport !== 'http') return undefined;
    return record.oauth?.store;
  }

  async #writeThrough(
    options: StoreWriteOptions | undefined,
    edit: (store: Record<string, unknown>) => void,
  ): Promise<void> {
    const assertHeld = await leaseCheck(options);
    if (!this.#saved) {
      assertHeld();
      edit(this.#entries);
      return;
    }
    await this.#file.update((data) => {
      assertHeld();
      // What this command answers from when the session is removed meanwhile (see get).
      edit(this.#entries);
      const store = this.#storeInFile(data.sessions[this.#name]);
      // Never resurrect a session that `disconnect` removed while this command was running.
      if (!store) return false;
      edit(store);
      return true;
    });
  }
}
