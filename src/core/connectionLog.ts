import { redactUrlsIn } from './redactUrl';
import { addListener } from './subscribable';
import type { McpEvent, McpEventListener } from './events';
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
 * What a component hears of a shared connection, read when something happens (its newest callbacks): the log
 * entries and the sign-in events.
 */
export type LogReceiver = () => {
  onLog?: ((entry: LogEntry) => void) | undefined;
  onEvent?: McpEventListener | undefined;
};

/**
 * One connection's log: every entry goes to `onLog` and to the receivers that components add, which also hear
 * the sign-in events its auth plug-in reports (`event`); with `keep`, a
 * bounded ring of entries is also handed back for the snapshot. Messages never hold tokens or other secrets;
 * URLs in them (the server's, or one quoted from the SDK) are shown with their credentials masked.
 */
export class ConnectionLog {
  readonly #options: ConnectionLogOptions;
  readonly #receivers = new Set<LogReceiver>();
  #kept: readonly LogEntry[] = [];

  constructor(options: ConnectionLogOptions) {
    this.#options = options;
  }

  /** Adds a receiver of entries and events; returns its removal. */
  listen(receiver: LogReceiver): () => void {
    return addListener(this.#receivers, receiver);
  }

  event(event: McpEvent): void {
    for (const receiver of this.#receivers) receiver().onEvent?.(event);
  }

  write(level: LogLevel, message: string): void {
    const entry: LogEntry = { level, message: redactUrlsIn(message), time: Date.now() };
    this.#options.onLog?.(entry);
    for (const receiver of this.#receivers) receiver().onLog?.(entry);
    if (!this.#options.keep) return;
    this.#kept = [...this.#kept, entry].slice(-MAX_LOG_ENTRIES);
    this.#options.onKept(this.#kept);
  }
}
