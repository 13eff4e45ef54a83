import { type FocusSource, noFocusSource } from './focusSource';
import type { ProtocolStorage } from './protocolMemory';

/**
 * What a connection takes from the platform it runs on. The core is platform-free; the browser layer passes its
 * own (src/browser/browserEnvironment.ts), and everything else gets these defaults.
 */
export interface ConnectionEnvironment {
  /** When connections without a stream re-list early. */
  readonly focus: FocusSource;
  /** Long-lived streams all connections to one origin may hold, unless `maxStreamsPerOrigin` says otherwise. */
  readonly streamsPerOrigin: number;
  /** Where what each server speaks is remembered across restarts (memory only when absent). */
  readonly protocolStorage: ProtocolStorage | undefined;
  /**
   * Says what went wrong below HTTP (refused, DNS, TLS…) for an error message, where the platform reports it:
   * Node's fetch keeps the reason in its `cause` chain, browsers never do (src/node/networkFailure.ts).
   */
  readonly describeNetworkFailure?: (error: unknown) => string | undefined;
}

/** Outside a browser: no focus events, no connection limit per origin, protocols remembered in memory only. */
export const defaultEnvironment: ConnectionEnvironment = Object.freeze({
  focus: noFocusSource,
  streamsPerOrigin: Number.POSITIVE_INFINITY,
  protocolStorage: undefined,
});
