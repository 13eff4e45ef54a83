import type { Client } from '@modelcontextprotocol/client';
import type { McpUseError } from './errors';
import type { FocusSource } from './focusSource';
import { toMcpUseError, type ErrorContext } from './toMcpUseError';

const HEALTH_PROBE_TIMEOUT_MS = 5_000;

/**
 * Whether a failed health probe means the server is gone. A JSON-RPC error is an answer (the server lives); a
 * timeout may only mean the browser's connections to that origin are busy, and is not taken as proof.
 */
export function isConnectionGone(error: McpUseError): boolean {
  if (error.code === 'connection_lost' || error.code === 'connection_failed') return true;
  return error.code === 'http_error' && (error.status === 404 || (error.status ?? 0) >= 500);
}

export interface LivenessOptions {
  client: Client;
  context: ErrorContext;
  /** The server is gone: the connection reconnects or fails. Called at most once. */
  onGone: (error: McpUseError) => void;
  log: (message: string) => void;
}

/**
 * Keeps watch over one opened client: periodic health probes for connections with neither a stream nor
 * re-listing, periodic and on-focus re-listing for connections without a stream, and on-demand probes when the
 * transport reports trouble. Stopping it silences everything still in flight.
 */
export class Liveness {
  readonly #options: LivenessOptions;
  readonly #stops: (() => void)[] = [];
  #probe: Promise<void> | undefined;
  #stopped = false;

  constructor(options: LivenessOptions) {
    this.#options = options;
  }

  /** Probes every `intervalMs` (0 or less: never). */
  checkHealthEvery(intervalMs: number): void {
    if (intervalMs <= 0) return;
    const timer = setInterval(() => this.probe(), intervalMs);
    this.#stops.push(() => clearInterval(timer));
  }

  /**
   * Keeps the lists current without a stream: `relist` on an interval and whenever attention returns. The SDK
   * serves a list from its cache while the server's `ttlMs` says it is fresh, so that costs no request then. A
   * failed re-list leads to a health probe.
   */
  relistEvery(intervalMs: number, focus: FocusSource, relist: () => Promise<void>): void {
    const refresh = () => {
      if (!this.#stopped) relist().catch(() => this.probe());
    };
    // Spread connections over the interval so that many of them do not re-list in one burst.
    const timer = setInterval(refresh, intervalMs * (0.8 + 0.4 * Math.random()));
    const unsubscribe = focus.subscribe(refresh);
    this.#stops.push(() => {
      clearInterval(timer);
      unsubscribe();
    });
  }

  /** Asks the server for a sign of life, unless a probe is already under way. */
  probe(): void {
    if (this.#stopped || this.#probe) return;
    const { client, context } = this.#options;
    const options = { timeout: HEALTH_PROBE_TIMEOUT_MS };
    // 2026-07-28 has no `ping`; `server/discover` is its cheapest stateless request.
    const request: Promise<unknown> =
      client.getProtocolEra() === 'modern' ? client.discover(options) : client.ping(options);
    this.#probe = request
      .then(
        () => undefined,
        (cause: unknown) => {
          if (this.#stopped) return;
          const error = toMcpUseError(cause, context, 'request');
          if (isConnectionGone(error)) this.#gone(error);
          else this.#options.log(`Health check inconclusive: ${error.message}`);
        },
      )
      .finally(() => {
        this.#probe = undefined;
      });
  }

  stop(): void {
    this.#stopped = true;
    for (const stop of this.#stops.splice(0)) stop();
  }

  #gone(error: McpUseError): void {
    this.stop();
    this.#options.onGone(error);
  }
}
