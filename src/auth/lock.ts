/**
 * Named exclusive locks, so a refresh (or a code exchange) runs once even when several tabs or session objects
 * want it at the same moment: the others wait, then re-read the store and find the new tokens.
 */

/**
 * What a holder of a lock is given by locks that can be lost while held: a lease that runs out when its holder
 * stops renewing it (a crashed or paused process), after which another may take the lock.
 */
export interface LockLease {
  readonly name: string;
  /**
   * Grows with every acquisition of this name, where the lock keeps such a counter (Redis): a store refuses a
   * write made with an older fence than the newest, so a holder that was paused cannot overwrite a newer token.
   */
  readonly fence?: number;
  /** Rejects with a typed error when the lease ran out and another holder may have taken the lock. */
  assertHeld(): Promise<void>;
}

/** Runs `fn` holding the lock `name`; locks that can be lost pass `fn` its lease. */
export type LockFn = <T>(name: string, fn: (lease?: LockLease) => Promise<T>) => Promise<T>;

interface LockManagerLike {
  request<T>(name: string, callback: () => Promise<T>): Promise<T>;
}

function webLockManager(): LockManagerLike | undefined {
  const nav = (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator;
  return typeof nav?.locks?.request === 'function' ? nav.locks : undefined;
}

/** Web Locks API: exclusive across every tab and worker of the origin. */
export function createWebLock(locks: LockManagerLike): LockFn {
  return (name, fn) => locks.request(name, () => fn());
}

/**
 * In-process single-flight mutex: callers of the same name run one after another, in call order. A failing
 * holder releases the lock too.
 */
export function createMutexLock(): LockFn {
  const tails = new Map<string, Promise<unknown>>();
  return async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const previous = tails.get(name) ?? Promise.resolve();
    const run = previous.then(
      () => fn(),
      () => fn(),
    );
    const tail = run.catch(() => undefined);
    tails.set(name, tail);
    try {
      return await run;
    } finally {
      // Forget the name once nobody queued behind us, so the map does not grow with every server.
      if (tails.get(name) === tail) tails.delete(name);
    }
  };
}

let shared: LockFn | undefined;

/** Web Locks where the runtime has them (browsers), a realm-wide mutex otherwise (Node, old browsers). */
export function defaultLock(): LockFn {
  if (shared) return shared;
  const locks = webLockManager();
  shared = locks ? createWebLock(locks) : createMutexLock();
  return shared;
}
