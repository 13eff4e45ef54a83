/**
 * The store every piece of OAuth state goes through — discovery results, client registrations, pending flows and
 * tokens — and the one public interface behind the built-in stores: IndexedDB (browsers), a 0600 file with a
 * cross-process lock (Node, the CLI), memory, and Redis for backends that run several instances (`mcp-use/redis`).
 * The shape is idb-keyval's (`get`/`set`/`del`), so an idb-keyval store fits as it is.
 */
import type { LockFn, LockLease } from './lock';

export interface StoreWriteOptions {
  /**
   * The lease of the lock the write is made under (the refresh of RFC 6749 §6). A store that can tell refuses the
   * write once the lease was lost — the holder was paused past it and another took over — so an older token never
   * replaces a newer one (RFC 9700 §4.14.2: a spent rotated refresh token must not come back).
   */
  lease?: LockLease;
}

export interface TokenStore {
  get<T = unknown>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown, options?: StoreWriteOptions): Promise<void>;
  del(key: string, options?: StoreWriteOptions): Promise<void>;
  /**
   * A named exclusive lock that holds wherever this store is shared: across tabs (Web Locks), processes (a lock
   * file) or instances (Redis). The engine refreshes under it. Without one, a lock inside this JavaScript realm
   * is used, which is enough only for a store no other process shares.
   */
  lock?: LockFn;
}

/** The store's own lock, as a plain function (a store's method may rely on `this`). */
export function storeLock(store: TokenStore | undefined): LockFn | undefined {
  if (!store?.lock) return undefined;
  const withLock: { lock: LockFn } = store as { lock: LockFn };
  return (name, fn) => withLock.lock(name, fn);
}
