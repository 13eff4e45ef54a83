/** A minimal listener set: `subscribe()` returns its own unsubscribe, as `useSyncExternalStore` expects. */
export class Subscribable {
  readonly #listeners = new Set<() => void>();

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  };

  protected hasListeners(): boolean {
    return this.#listeners.size > 0;
  }

  protected notify(): void {
    for (const listener of [...this.#listeners]) listener();
  }
}
