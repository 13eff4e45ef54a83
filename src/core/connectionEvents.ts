import { definedFields } from './definedFields';
import type { McpEvent, McpEventListener } from './events';
import type { ConnectionSnapshot, ConnectionState } from './types';

/**
 * One connection's event stream: a `connecting` event per connection attempt, one per other state it enters,
 * and what its auth plug-in reports (`emit`). Every event goes to `onEvent` and to the listeners components
 * add. A state event carries the error the state came with, and `ready` how long its attempt took.
 */
export class ConnectionEvents {
  readonly #onEvent: () => McpEventListener | undefined;
  readonly #listeners = new Set<McpEventListener>();
  #state: ConnectionState = 'connecting';
  #attemptStarted = 0;

  /** `onEvent` is read when an event is emitted (the connection's options are set after this is made). */
  constructor(onEvent: () => McpEventListener | undefined) {
    this.#onEvent = onEvent;
  }

  /** Adds a receiver of events; returns its removal. */
  listen(listener: McpEventListener): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  emit(event: McpEvent): void {
    this.#onEvent()?.(event);
    for (const listener of this.#listeners) listener(event);
  }

  /** A connection attempt starts (`attempt` counts from 0). */
  attempt(attempt: number): void {
    this.#state = 'connecting';
    this.#attemptStarted = Date.now();
    this.emit({ type: 'connecting', at: this.#attemptStarted, fields: { attempt: attempt + 1 } });
  }

  /** Called with every new snapshot: an event when it entered another state. */
  changed({ state, error, serverInfo, ...next }: ConnectionSnapshot): void {
    if (state === this.#state) return;
    this.#state = state;
    const at = Date.now();
    const ready = state === 'ready';
    this.emit({
      type: state,
      at,
      fields: ready
        ? definedFields({
            transport: next.transport,
            era: next.era,
            protocolVersion: next.protocolVersion,
            server: serverInfo && `${serverInfo.name} ${serverInfo.version}`,
          })
        : {},
      ...(ready ? { durationMs: at - this.#attemptStarted } : {}),
      ...(error ? { error: { code: error.code, message: error.message } } : {}),
    } as McpEvent);
  }
}
