/**
 * The key-value store every piece of OAuth state goes through: discovery results, client registrations,
 * pending flows and tokens. The shape is idb-keyval's (`get`/`set`/`del`), so an idb-keyval store, a file
 * store in Node or this in-memory map all fit.
 */

export interface KeyValueStore {
  get<T = unknown>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
  del(key: string): Promise<void>;
}

/**
 * A store that lives as long as the JavaScript realm. Values are structured-cloned in and out, like
 * IndexedDB does, so a caller mutating a record it read never changes what is stored.
 */
export function createMemoryStore(): KeyValueStore {
  const entries = new Map<string, unknown>();
  return {
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

let shared: KeyValueStore | undefined;

/**
 * The realm-wide default store, so that a session and a `completeAuthorization` call that were given no store
 * still see each other's records.
 */
export function sharedMemoryStore(): KeyValueStore {
  shared ??= createMemoryStore();
  return shared;
}
