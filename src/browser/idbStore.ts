/**
 * IndexedDB-backed store (through idb-keyval) for browsers, so a pending flow prepared in the app survives the
 * redirect to the authorization server and is found again by the callback page, and tokens survive reloads.
 */
import { createStore, del, get, set, type UseStore } from 'idb-keyval';
import { defaultLock } from '../auth/lock';
import { createMemoryStore } from '../auth/memoryStore';
import type { TokenStore } from '../auth/store';

/** Our own database, so `clear()` of an app's default idb-keyval store never wipes OAuth state. */
export const IDB_DATABASE_NAME = 'mcp-use-auth';
export const IDB_STORE_NAME = 'keyval';

/**
 * An idb-keyval store in its own database. Where `indexedDB` does not exist (Node, some privacy modes) it
 * falls back to an in-memory store: state then lasts only as long as the page.
 */
export function createIdbStore(databaseName = IDB_DATABASE_NAME, storeName = IDB_STORE_NAME): TokenStore {
  if (typeof indexedDB === 'undefined') return createMemoryStore();
  const database: UseStore = createStore(databaseName, storeName);
  return {
    // Every tab of the origin shares the database, and Web Locks are origin-wide: one refresh for all of them.
    lock: defaultLock(),
    get: <T>(key: string) => get<T>(key, database),
    set: (key, value) => set(key, value, database),
    del: (key) => del(key, database),
  };
}
