/** Adds `listener` to `listeners`; returns its removal (the one place this is written, to keep the bundle small). */
export function addListener<T>(listeners: Set<T>, listener: T): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/** A minimal listener set: `subscribe()` returns its own unsubscribe, as `useSyncExternalStore` expects. */
export class Subscribable {
  readonly #listeners = new Set<() => void>();

  subscribe = (listener: () => void): (() => void) => addListener(this.#listeners, listener);

  protected hasListeners(): boolean {
    return this.#listeners.size > 0;
  }

  protected notify(): void {
    for (const listener of [...this.#listeners]) listener();
  }
}
