/**
 * The OAuth engine's store for one CLI session, kept inside that session's record in the sessions file: its
 * tokens are saved with it (as the reference page says) and removed with it by `disconnect`.
 *
 * While `connect` is still signing in, the session is not saved yet, so the records live in memory and are
 * written with the session. Once saved, every read goes to the file (another terminal may have refreshed the
 * tokens a moment ago) and every write goes through to it at once (a rotated refresh token must not be lost).
 */
import type { KeyValueStore } from '../../auth/memoryStore';
import { isSessionRecord, type SessionsFile } from './sessionsFile';

export class SessionOAuthStore implements KeyValueStore {
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
  }

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

  async set(key: string, value: unknown): Promise<void> {
    this.#entries[key] = structuredClone(value);
    await this.#writeThrough((store) => {
      store[key] = structuredClone(value);
    });
  }

  async del(key: string): Promise<void> {
    delete this.#entries[key];
    await this.#writeThrough((store) => {
      delete store[key];
    });
  }

  #storeInFile(record: unknown): Record<string, unknown> | undefined {
    if (!isSessionRecord(record) || record.id !== this.#id || record.transport !== 'http') return undefined;
    return record.oauth?.store;
  }

  async #writeThrough(edit: (store: Record<string, unknown>) => void): Promise<void> {
    if (!this.#saved) return;
    await this.#file.update((data) => {
      const store = this.#storeInFile(data.sessions[this.#name]);
      // Never resurrect a session that `disconnect` removed while this command was running.
      if (!store) return false;
      edit(store);
      return true;
    });
  }
}
