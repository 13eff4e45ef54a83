import { type Client, InsufficientScopeError } from '@modelcontextprotocol/client';
import { anySignal } from './anySignal';
import { ConnectionLostError, type McpUseError } from './errors';
import type { FocusSource } from './focusSource';
import { Liveness } from './liveness';
import { type OpenClientParams, type OpenedClient, openClient } from './openClient';
import { fetchServerLists, type ListName, type ServerLists } from './serverLists';
import type { StepUp } from './stepUp';
import { type ReleaseStream, streamBudget } from './streamBudget';
import { toMcpUseError, type ErrorContext } from './toMcpUseError';
import type { ConnectionSnapshot, LogLevel } from './types';

export interface RequestOptions {
  signal?: AbortSignal;
  timeout: number;
}

export interface OpenLiveParams extends Omit<OpenClientParams, 'streams' | 'log'>, LiveClientOptions {
  /** Keep the lists current: over a long-lived stream when the origin has a slot free, else by re-listing. */
  wantsUpdates: boolean;
  /** The per-origin stream budget (see streamBudget.ts). */
  streamsPerOrigin: number;
  /** The lists to load (ConnectionOptions.lists). */
  lists: readonly ListName[];
}

export interface KeepWatchOptions {
  wantsUpdates: boolean;
  lists: readonly ListName[];
  healthCheckIntervalMs: number;
  pollIntervalMs: number;
  focus: FocusSource;
  timeout: number;
}

export interface LiveClientOptions {
  context: ErrorContext;
  /** This attempt's step-up coordination (it began while connecting). */
  stepUp: StepUp;
  /** Why the auth plug-in failed on this attempt, if it did. */
  authFailure: () => McpUseError | undefined;
  /** The link is gone (transport closed, server ended the update stream, failed probe, auth failure). */
  onLost: (error: McpUseError) => void;
  /** Fresh lists, from list-changed notifications or re-listing. */
  onLists: (lists: Partial<ServerLists>) => void;
  log: (level: LogLevel, message: string) => void;
}

/**
 * One opened client, from the end of the handshake until it closes: it turns what the SDK reports (a closed
 * transport, stream errors, a 403 step-up, an ended subscription) into "lost", keeps watch over liveness, and runs
 * requests with the connection's error rules. Once closed, nothing it still hears is passed on.
 */
export class LiveClient {
  readonly client: Client;
  readonly kind: OpenedClient['kind'];
  readonly #options: LiveClientOptions;
  readonly #liveness: Liveness;
  /** Whether this link holds a long-lived stream for updates. */
  readonly #streams: boolean;
  readonly #releaseStream: ReleaseStream | undefined;
  #ready = false;
  #closed = false;
  readonly #lost: (reason: McpUseError | string) => void;

  /**
   * Takes a stream slot if the origin has one (stdio has no connection limit), connects, and fetches the lists.
   * On failure everything taken is given back, everything started is aborted (an auth plug-in's discovery or
   * registration still running after the handshake timed out among it), and the cause is rethrown as it is.
   */
  static async open(params: OpenLiveParams): Promise<{ live: LiveClient; lists: ServerLists }> {
    const { url, wantsUpdates, log } = params;
    const abandoned = new AbortController();
    const signal = anySignal(params.signal, abandoned.signal);
    let release =
      wantsUpdates && url ? streamBudget.tryAcquire(url.origin, params.streamsPerOrigin) : undefined;
    const streams = wantsUpdates && (!url || release !== undefined);
    let live: LiveClient | undefined;
    // Loaded during the handshake, so the update stream can open beside the lists (off the first chunk).
    const following = streams ? import('./listChanges') : undefined;
    try {
      const opened = await openClient({ ...params, signal, streams, log: (text) => log('info', text) });
      // The HTTP+SSE transport holds its stream whatever the budget says: count it.
      if (opened.kind === 'sse' && url && !release) release = streamBudget.forceAcquire(url.origin);
      live = new LiveClient(opened, params, release);
      // The update stream opens beside the lists, and nobody waits for it: a connect costs no round trip for it.
      if (opened.streams) live.#followChanges(params.timeoutMs, following ?? import('./listChanges'));
      const lists = await fetchServerLists(live.client, { signal, timeout: params.timeoutMs }, params.lists);
      return { live, lists };
    } catch (error) {
      abandoned.abort();
      if (live) await live.close();
      else release?.();
      throw error;
    }
  }

  private constructor(
    opened: OpenedClient,
    options: LiveClientOptions,
    releaseStream: ReleaseStream | undefined,
  ) {
    this.client = opened.client;
    this.kind = opened.kind;
    this.#options = options;
    this.#streams = opened.streams;
    this.#releaseStream = releaseStream;
    this.#lost = (reason: McpUseError | string) => {
      if (this.#closed) return;
      const where = options.context.serverUrl ?? 'the server';
      options.onLost(
        typeof reason === 'string'
          ? new ConnectionLostError(`Lost connection to ${where}: ${reason}`, options.context)
          : reason,
      );
    };
    this.#liveness = new Liveness({
      client: this.client,
      context: options.context,
      onGone: this.#lost,
      log: (message) => options.log('debug', message),
    });
    this.client.onclose = () => {
      // Decide only once a step-up the SDK reported just before closing has been prepared.
      void options.stepUp.settled().then(() => this.#lost('the transport closed'));
    };
    this.client.onerror = (error) => {
      if (error instanceof InsufficientScopeError) {
        options.stepUp.begin(error);
        return;
      }
      options.log('debug', `Transport reported: ${error.message}`);
      if (this.#ready) this.#liveness.probe();
    };
  }

  /** Keeping the lists current is no part of connecting: its module loads beside the handshake. */
  #followChanges(timeoutMs: number, loading: Promise<typeof import('./listChanges')>): void {
    const { onLists, log } = this.#options;
    void loading.then(({ followListChanges, listChangedHandlers }) => {
      if (this.#closed) return;
      const handlers = listChangedHandlers({
        apply: (patch) => {
          if (!this.#closed) onLists(patch);
        },
        onError: (what, error) => log('warn', `Could not refresh ${what}: ${error.message}`),
        client: () => this.client,
      });
      followListChanges(this.client, handlers, {
        timeoutMs,
        onListenFailed: (error) => {
          if (!this.#closed) log('warn', `Could not open the update stream: ${error.message}`);
        },
        // A 2026-07-28 subscription that ends without our asking (the server shut down, or dropped it) leaves
        // no updates and no sign of life: the connection connects again, which also reopens it.
        onEnded: (reason) => this.#lost(`the server ended the update stream (${reason})`),
      });
    });
  }

  /** What the connection's snapshot says about this link once it is ready. */
  describe(): Pick<
    ConnectionSnapshot,
    'serverInfo' | 'capabilities' | 'protocolVersion' | 'era' | 'transport'
  > {
    const { client } = this;
    return {
      serverInfo: client.getServerVersion(),
      capabilities: client.getServerCapabilities(),
      protocolVersion: client.getNegotiatedProtocolVersion(),
      era: client.getProtocolEra(),
      transport: this.kind,
    };
  }

  /**
   * The connection is `ready`: from now on stream errors are worth a probe. An open stream reports its own
   * breakage and re-listing reports a dead server, so only a link with neither gets periodic health checks; a
   * Streamable HTTP link that wants updates but got no stream re-lists instead.
   */
  keepWatch(options: KeepWatchOptions): void {
    this.#ready = true;
    if (!options.wantsUpdates) {
      this.#liveness.checkHealthEvery(options.healthCheckIntervalMs);
    } else if (!this.#streams && this.kind === 'http') {
      this.#liveness.relistEvery(options.pollIntervalMs, options.focus, () =>
        fetchServerLists(this.client, { timeout: options.timeout }, options.lists).then((lists) => {
          if (!this.#closed) this.#options.onLists(lists);
        }),
      );
    }
  }

  async request<T>(
    run: (client: Client, options: RequestOptions) => Promise<T>,
    options: RequestOptions,
  ): Promise<T> {
    const { context, stepUp } = this.#options;
    try {
      return await run(this.client, options);
    } catch (caught) {
      const cause = await stepUp.outcome(caught);
      const authFailure = this.#options.authFailure();
      if (authFailure) {
        if (!this.#closed) this.#options.onLost(authFailure);
        throw authFailure;
      }
      const error = toMcpUseError(cause, context, 'request');
      if (options.signal?.aborted && error.code !== 'aborted')
        throw toMcpUseError(options.signal.reason, context, 'request');
      if (error.code === 'connection_lost') this.#liveness.probe();
      throw error;
    }
  }

  /** Stops watching and closes the client; later reports from it are ignored. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#liveness.stop();
    this.#releaseStream?.();
    this.client.onclose = undefined;
    this.client.onerror = undefined;
    await this.client.close().catch(() => undefined);
  }
}
