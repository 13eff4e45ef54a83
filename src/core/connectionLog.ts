import { redactUrlsIn } from './redactUrl';
import type { LogEntry, LogLevel } from './types';

/** How many entries a connection keeps for `snapshot.log` when `debug` is on. */
export const MAX_LOG_ENTRIES = 200;

export interface ConnectionLogOptions {
  /** Receives every entry. */
  onLog?: ((entry: LogEntry) => void) | undefined;
  /** Keep the last MAX_LOG_ENTRIES entries and report them through `onKept`. */
  keep: boolean;
  onKept: (entries: readonly LogEntry[]) => void;
}

/**
 * One connection's log: every entry goes to `onLog` and to the listeners that components add; with `keep`, a
 * bounded ring of entries is also handed back for the snapshot. Messages never hold tokens or other secrets;
 * URLs in them (the server's, or one quoted from the SDK) are shown with their credentials masked.
 */
export class ConnectionLog {
  readonly #options: ConnectionLogOptions;
  readonly #listeners = new Set<(entry: LogEntry) => void>();
  #kept: readonly LogEntry[] = [];

  constructor(options: ConnectionLogOptions) {
    this.#options = options;
  }

  /** Adds a receiver of entries; returns its removal. */
  listen(listener: (entry: LogEntry) => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  write(level: LogLevel, message: string): void {
    const entry: LogEntry = { level, message: redactUrlsIn(message), time: Date.now() };
    this.#options.onLog?.(entry);
    for (const listener of this.#listeners) listener(entry);
    if (!this.#options.keep) return;
    this.#kept = [...this.#kept, entry].slice(-MAX_LOG_ENTRIES);
    this.#options.onKept(this.#kept);
  }
}
