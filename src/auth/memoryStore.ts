/**
 * The in-memory TokenStore (store.ts), for tests and for runtimes without persistent storage.
 */
import { createMutexLock } from './lock';
import type { TokenStore } from './store';

/** The former name of TokenStore, kept for the imports that use it. */
export type KeyValueStore = TokenStore;

/**
 * A store that lives as long as the JavaScript realm. Values are structured-cloned in and out, like
 * IndexedDB does, so a caller mutating a record it read never changes what is stored.
 */
export function createMemoryStore(): TokenStore {
  const entries = new Map<string, unknown>();
  return {
    // Nobody outside this realm can see the map: a lock inside it covers every holder.
    lock: createMutexLock(),
    async get<T>(key: string) {
      return entries.has(key) ? (structuredClone(entries.get(key)) as T) : undefined;
    },
    async set(key, value) {
      entries.set(key, structuredClone(value));
    },
    async del(key) {
      entries.delete(key);
    },
  };
}

let shared: TokenStore | undefined;

/**
 * The realm-wide default store, so that a session and a `completeAuthorization` call that were given no store
 * still see each other's records.
 */
export function sharedMemoryStore(): TokenStore {
  shared ??= createMemoryStore();
  return shared;
}
