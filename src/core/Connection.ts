import {
  type CallToolResult,
  type Client,
  type GetPromptResult,
  InsufficientScopeError,
  type ListChangedHandlers,
  type ReadResourceResult,
} from '@modelcontextprotocol/client';
import {
  ConnectionLostError,
  InvalidUrlError,
  type McpUseError,
  NotConnectedError,
  RetriesExhaustedError,
} from './errors';
import { mcpParamHeaders } from './mcpParamHeaders';
import { type OpenedClient, openClient } from './openClient';
import { resolveRetryPolicy, type RetryPolicy, retryDelay } from './retryPolicy';
import { defaultStreamsPerOrigin, type ReleaseStream, streamBudget } from './streamBudget';
import { Subscribable } from './subscribable';
import { isRetryable, toMcpUseError } from './toMcpUseError';
import type {
  ConnectionOptions,
  ConnectionSnapshot,
  LogEntry,
  LogLevel,
  Prompt,
  Resource,
  ResourceTemplate,
  Tool,
} from './types';

export interface CallOptions {
  signal?: AbortSignal;
  /** Overrides the connection's `requestTimeoutMs` for this call. */
  timeoutMs?: number;
}

const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;
const DEFAULT_HEALTH_CHECK_INTERVAL_MS = 30_000;
const DEFAULT_POLL_INTERVAL_MS = 30_000;
const HEALTH_PROBE_TIMEOUT_MS = 5_000;
const MAX_LOG_ENTRIES = 200;
const DEFAULT_CLIENT_NAME = 'mcp-use';
const CLIENT_VERSION = '0.1.0';

const INITIAL_SNAPSHOT: ConnectionSnapshot = Object.freeze({
  state: 'connecting',
  error: undefined,
  tools: [],
  resources: [],
  resourceTemplates: [],
  prompts: [],
  serverInfo: undefined,
  capabilities: undefined,
  protocolVersion: undefined,
  era: undefined,
  transport: undefined,
  authUrl: undefined,
  log: [],
});

/**
 * Whether a failed health probe means the server is gone. A JSON-RPC error is an answer (the server lives); a
 * timeout may only mean the browser's connections to that origin are busy, and is not taken as proof.
 */
function isConnectionGone(error: McpUseError): boolean {
  if (error.code === 'connection_lost' || error.code === 'connection_failed') return true;
  return error.code === 'http_error' && (error.status === 404 || (error.status ?? 0) >= 500);
}

function parseServerUrl(url: string | undefined): URL | InvalidUrlError {
  try {
    const parsed = new URL(url ?? '');
    if (parsed.protocol === 'http:' || parsed.protocol === 'https:') return parsed;
  } catch {
    // fall through to the typed error
  }
  return new InvalidUrlError(url, url ? { serverUrl: String(url) } : {});
}

/**
 * One MCP server connection as a state machine (see ConnectionState). Framework-free: React reads it through
 * `subscribe`/`getSnapshot`, Node sessions call its methods directly. A new Connection starts in `connecting`
 * and does nothing until `connect()` (or `acquire()`).
 */
export class Connection extends Subscribable {
  readonly #options: ConnectionOptions;
  readonly #reconnectPolicy: RetryPolicy;
  readonly #retryPolicy: RetryPolicy;
  readonly #context: { serverName?: string; serverUrl?: string };
  #snapshot: ConnectionSnapshot = INITIAL_SNAPSHOT;
  #opened: OpenedClient | undefined;
  /** Bumped whenever in-flight work must be forgotten (disconnect, new attempt, lost connection). */
  #generation = 0;
  #started = false;
  #attemptAbort: AbortController | undefined;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #healthTimer: ReturnType<typeof setInterval> | undefined;
  #releaseTimer: ReturnType<typeof setTimeout> | undefined;
  #healthProbe: Promise<void> | undefined;
  /** Why the auth plug-in last failed on this connection (sign-in needed, refresh refused…). */
  #authFailure: McpUseError | undefined;
  /** A step-up in preparation: the SDK reports the 403 and then closes the connection, in that order. */
  #pendingStepUp: Promise<unknown> | undefined;
  #refs = 0;
  /** The origin's stream slot this connection holds, if any. */
  #releaseStream: ReleaseStream | undefined;
  /** Stops re-listing (connections without a stream). */
  #stopPolling: (() => void) | undefined;
  readonly #logListeners = new Set<(entry: LogEntry) => void>();

  constructor(options: ConnectionOptions) {
    super();
    this.#options = { ...options };
    this.#reconnectPolicy = resolveRetryPolicy(options.autoReconnect, true);
    this.#retryPolicy = resolveRetryPolicy(options.autoRetry, false);
    this.#context = {
      ...(options.serverName !== undefined ? { serverName: options.serverName } : {}),
      ...(options.url !== undefined ? { serverUrl: String(options.url) } : {}),
    };
  }

  getSnapshot = (): ConnectionSnapshot => this.#snapshot;

  /** The authentication plug-in this connection signs in with, if any. */
  get auth(): ConnectionOptions['auth'] {
    return this.#options.auth;
  }

  /** Starts connecting unless already connecting or connected. */
  connect = (): void => {
    if (this.#started && this.#snapshot.state !== 'failed' && this.#snapshot.state !== 'disconnected') return;
    this.#started = true;
    void this.#attempt('initial', 0);
  };

  /** Reconnects from `failed` or `disconnected` (a no-op in other states). */
  retry = (): void => {
    const { state } = this.#snapshot;
    if (state !== 'failed' && state !== 'disconnected') return;
    this.#started = true;
    void this.#attempt('initial', 0);
  };

  /** Closes the connection and stops every timer; the state becomes `disconnected`. */
  disconnect = async (): Promise<void> => {
    this.#started = false;
    this.#stopWork();
    const opened = this.#opened;
    this.#opened = undefined;
    this.#update({ state: 'disconnected', authUrl: undefined });
    if (opened) await this.#close(opened);
  };

  /**
   * Reference-counted use by components: the first acquire connects, the last release disconnects one tick
   * later, so React StrictMode's mount → unmount → mount keeps a single connection and a single handshake.
   */
  acquire = (): (() => void) => {
    this.#refs += 1;
    clearTimeout(this.#releaseTimer);
    this.#releaseTimer = undefined;
    this.connect();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#refs -= 1;
      if (this.#refs > 0) return;
      this.#releaseTimer = setTimeout(() => {
        this.#releaseTimer = undefined;
        if (this.#refs === 0) void this.disconnect().then(() => this.#options.onIdle?.());
      }, 0);
    };
  };

  /** Adds a receiver of log entries (besides `onLog`); returns its removal. */
  addLogListener = (listener: (entry: LogEntry) => void): (() => void) => {
    this.#logListeners.add(listener);
    return () => {
      this.#logListeners.delete(listener);
    };
  };

  callTool = (
    name: string,
    args: Record<string, unknown> = {},
    options?: CallOptions,
  ): Promise<CallToolResult> => {
    const toolDefinition = this.#snapshot.tools.find((tool) => tool.name === name);
    // 2026-07-28 (SEP-2243): `x-mcp-header` arguments travel as `Mcp-Param-*` headers too.
    const headers =
      toolDefinition && this.#snapshot.era === 'modern'
        ? mcpParamHeaders(toolDefinition.inputSchema, args)
        : {};
    return this.#request(
      (client, opts) =>
        client.callTool(
          { name, arguments: args },
          { ...opts, ...(toolDefinition ? { toolDefinition } : {}), headers },
        ) as Promise<CallToolResult>,
      options,
    );
  };

  readResource = (uri: string, options?: CallOptions): Promise<ReadResourceResult> =>
    this.#request((client, opts) => client.readResource({ uri }, opts), options);

  getPrompt = (
    name: string,
    args: Record<string, string> = {},
    options?: CallOptions,
  ): Promise<GetPromptResult> =>
    this.#request((client, opts) => client.getPrompt({ name, arguments: args }, opts), options);

  /** Fetches the tool list from the server and updates `tools`. */
  listTools = async (options?: CallOptions): Promise<Tool[]> => {
    const { tools } = await this.#request(
      (client, opts) => client.listTools({}, { ...opts, cacheMode: 'refresh' }),
      options,
    );
    this.#update({ tools });
    return tools;
  };

  listResources = async (options?: CallOptions): Promise<Resource[]> => {
    const { resources } = await this.#request(
      (client, opts) => client.listResources({}, { ...opts, cacheMode: 'refresh' }),
      options,
    );
    this.#update({ resources });
    return resources;
  };

  listResourceTemplates = async (options?: CallOptions): Promise<ResourceTemplate[]> => {
    const { resourceTemplates } = await this.#request(
      (client, opts) => client.listResourceTemplates({}, { ...opts, cacheMode: 'refresh' }),
      options,
    );
    this.#update({ resourceTemplates });
    return resourceTemplates;
  };

  listPrompts = async (options?: CallOptions): Promise<Prompt[]> => {
    const { prompts } = await this.#request(
      (client, opts) => client.listPrompts({}, { ...opts, cacheMode: 'refresh' }),
      options,
    );
    this.#update({ prompts });
    return prompts;
  };

  // ---- signing in -------------------------------------------------------------------------------------------

  /**
   * Starts the sign-in prepared in `pending_auth`. Synchronous on purpose: the auth plug-in opens its popup in
   * this same call stack, so a click handler's user gesture still counts and popup blockers stay quiet.
   */
  authenticate = (): void => {
    const auth = this.#options.auth;
    const authUrl = this.#snapshot.authUrl;
    if (!auth || this.#snapshot.state !== 'pending_auth' || !authUrl) return;
    this.#stopWork();
    const generation = this.#generation;
    const abort = new AbortController();
    this.#attemptAbort = abort;
    this.#update({ state: 'authenticating', error: undefined });
    this.#log('info', 'Signing in');
    let flow: Promise<void>;
    try {
      flow = auth.authorize(authUrl, abort.signal);
    } catch (cause) {
      flow = Promise.reject(cause);
    }
    flow.then(
      () => {
        if (generation !== this.#generation) return;
        this.#log('info', 'Signed in');
        void this.#attempt('initial', 0);
      },
      (cause: unknown) => {
        if (generation !== this.#generation) return;
        void this.#signInFailed(generation, toMcpUseError(cause, this.#context));
      },
    );
  };

  /** The user must sign in: wait in `pending_auth` with the URL prepared, or start at once without preventAutoAuth. */
  #needsSignIn(error: McpUseError): void {
    const authUrl = (error as { authorizationUrl?: URL | string }).authorizationUrl;
    if (!authUrl) {
      this.#fail(error);
      return;
    }
    this.#update({ state: 'pending_auth', authUrl: String(authUrl) });
    this.#log('info', 'Sign-in required');
    if (this.#options.preventAutoAuth === false) this.authenticate();
  }

  /** Back to `pending_auth` with the reason, and a freshly prepared URL (the old `state` may be spent). */
  async #signInFailed(generation: number, error: McpUseError): Promise<void> {
    this.#log('warn', `Sign-in did not complete: ${error.message}`);
    this.#update({ state: 'pending_auth', error });
    try {
      const authUrl = await this.#options.auth!.prepareAuthorization();
      if (generation === this.#generation) this.#update({ authUrl });
    } catch (cause) {
      if (generation === this.#generation) this.#fail(toMcpUseError(cause, this.#context));
    }
  }

  // ---- connecting -------------------------------------------------------------------------------------------

  async #attempt(purpose: 'initial' | 'reconnect', attempt: number): Promise<void> {
    this.#stopWork();
    const generation = ++this.#generation;
    const abort = new AbortController();
    this.#attemptAbort = abort;
    this.#authFailure = undefined;
    this.#pendingStepUp = undefined;
    this.#update({
      state: 'connecting',
      ...(purpose === 'initial' && attempt === 0 ? { error: undefined } : {}),
    });

    const url = this.#options.createTransport ? undefined : parseServerUrl(this.#options.url);
    if (url instanceof InvalidUrlError) {
      this.#fail(url);
      return;
    }
    this.#log('info', attempt === 0 ? 'Connecting' : `Connecting (attempt ${attempt + 1})`);
    const wantsUpdates = this.#options.listChanged !== false;
    // Updates over a stream when the origin has a slot free; stdio has no connection limit.
    this.#releaseStream =
      wantsUpdates && url
        ? streamBudget.tryAcquire(url.origin, this.#options.maxStreamsPerOrigin ?? defaultStreamsPerOrigin())
        : undefined;
    const streams = wantsUpdates && (!url || this.#releaseStream !== undefined);
    try {
      const opened = await openClient({
        streams,
        url,
        transportType: this.#options.transportType ?? 'auto',
        headers: this.#options.headers ?? {},
        fetch: this.#options.fetch,
        createTransport: this.#options.createTransport,
        clientInfo: this.#options.clientInfo ?? {
          name: this.#options.clientName ?? DEFAULT_CLIENT_NAME,
          version: CLIENT_VERSION,
        },
        auth: this.#options.auth,
        listChanged: this.#listChangedHandlers(generation),
        onElicitation: this.#options.onElicitation,
        timeoutMs: this.#options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
        signal: abort.signal,
        context: this.#context,
        log: (message) => this.#log('info', message),
        onAuthFailure: (cause) => {
          if (generation !== this.#generation) return;
          const error = toMcpUseError(cause, this.#context);
          if (error.code.startsWith('auth_')) this.#authFailure = error;
        },
      });
      if (generation !== this.#generation) {
        await this.#close(opened);
        return;
      }
      this.#opened = opened;
      // The HTTP+SSE transport holds its stream whatever the budget says: count it.
      if (opened.kind === 'sse' && url && !this.#releaseStream)
        this.#releaseStream = streamBudget.forceAcquire(url.origin);
      this.#watch(opened, generation);
      // A 2026-07-28 subscription that ends without our asking (the server shut down, or dropped it) leaves no
      // updates and no sign of life: connect again, which also reopens it (bounded by autoReconnect).
      void opened.client.autoOpenedSubscription?.closed.then((reason) => {
        if (reason !== 'local') this.#lost(generation, `the server ended the update stream (${reason})`);
      });
      const lists = await this.#fetchLists(opened.client, abort.signal);
      if (generation !== this.#generation) return;
      const client = opened.client;
      this.#update({
        state: 'ready',
        error: undefined,
        authUrl: undefined,
        ...lists,
        serverInfo: client.getServerVersion(),
        capabilities: client.getServerCapabilities(),
        protocolVersion: client.getNegotiatedProtocolVersion(),
        era: client.getProtocolEra(),
        transport: opened.kind,
      });
      this.#log(
        'info',
        `Ready (${opened.kind}, protocol ${client.getNegotiatedProtocolVersion() ?? 'unknown'})`,
      );
      // An open stream reports its own breakage, and re-listing reports a dead server: only a connection with
      // neither needs periodic health checks.
      if (!wantsUpdates) this.#startHealthChecks(generation);
      else if (!streams && opened.kind === 'http') this.#startPolling(generation);
    } catch (cause) {
      if (generation !== this.#generation) return;
      this.#releaseStream?.(); // no stream while waiting to retry or for a sign-in
      this.#releaseStream = undefined;
      // A 403 `insufficient_scope` while connecting asks for a wider sign-in, as it does for a call.
      const error = toMcpUseError(await this.#stepUpOnce(cause), this.#context);
      if (this.#opened) {
        const opened = this.#opened;
        this.#opened = undefined;
        await this.#close(opened);
      }
      this.#afterFailure(purpose, attempt, error);
    }
  }

  #afterFailure(purpose: 'initial' | 'reconnect', attempt: number, error: McpUseError): void {
    if (error.code === 'auth_required') {
      this.#needsSignIn(error);
      return;
    }
    const policy = purpose === 'initial' ? this.#retryPolicy : this.#reconnectPolicy;
    this.#log('warn', `Connection attempt failed: ${error.message}`);
    if (!isRetryable(error) || attempt >= policy.maxAttempts) {
      const total = attempt + 1;
      this.#fail(attempt > 0 ? new RetriesExhaustedError(total, { ...this.#context, cause: error }) : error);
      return;
    }
    const delay = retryDelay(policy, attempt + 1);
    this.#update({ state: 'connecting', error });
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = undefined;
      void this.#attempt(purpose, attempt + 1);
    }, delay);
  }

  #fail(error: McpUseError): void {
    this.#stopWork();
    this.#log('error', error.message);
    this.#update({ state: 'failed', error, authUrl: undefined });
  }

  async #fetchLists(client: Client, signal: AbortSignal | undefined) {
    const caps = client.getServerCapabilities() ?? {};
    const opts = {
      ...(signal ? { signal } : {}),
      timeout: this.#options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    };
    // Only ask for what the server offers: a server without tools is still a good server.
    const [tools, resources, resourceTemplates, prompts] = await Promise.all([
      caps.tools ? client.listTools({}, opts).then((r) => r.tools) : [],
      caps.resources ? client.listResources({}, opts).then((r) => r.resources) : [],
      caps.resources ? client.listResourceTemplates({}, opts).then((r) => r.resourceTemplates) : [],
      caps.prompts ? client.listPrompts({}, opts).then((r) => r.prompts) : [],
    ]);
    return { tools, resources, resourceTemplates, prompts };
  }

  /** The SDK re-lists on list-changed notifications (legacy stream or 2026-07-28 subscription) and hands us the result. */
  #listChangedHandlers(generation: number): ListChangedHandlers {
    const apply = (patch: Partial<ConnectionSnapshot>) => {
      if (generation === this.#generation && this.#snapshot.state === 'ready') this.#update(patch);
    };
    const onError = (what: string, error: Error) =>
      this.#log('warn', `Could not refresh ${what}: ${error.message}`);
    return {
      tools: {
        onChanged: (error, tools) => (error ? onError('tools', error) : apply({ tools: tools ?? [] })),
      },
      prompts: {
        onChanged: (error, prompts) =>
          error ? onError('prompts', error) : apply({ prompts: prompts ?? [] }),
      },
      resources: {
        onChanged: (error, resources) => {
          if (error) return onError('resources', error);
          apply({ resources: resources ?? [] });
          // Templates travel with resources but have no notification of their own.
          const client = this.#opened?.client;
          client
            ?.listResourceTemplates({}, { cacheMode: 'refresh' })
            .then((r) => apply({ resourceTemplates: r.resourceTemplates }))
            .catch((e: Error) => onError('resource templates', e));
        },
      },
    };
  }

  // ---- staying connected ------------------------------------------------------------------------------------

  /** A closed transport, or a stream error followed by a failed health probe, means the connection is gone. */
  #watch(opened: OpenedClient, generation: number): void {
    opened.client.onclose = () => {
      // Decide only once a step-up the SDK reported just before closing has been prepared.
      void (this.#pendingStepUp ?? Promise.resolve()).then(() =>
        this.#lost(generation, 'the transport closed'),
      );
    };
    opened.client.onerror = (error) => {
      if (error instanceof InsufficientScopeError) {
        this.#pendingStepUp = this.#stepUp(error);
        return;
      }
      this.#log('debug', `Transport reported: ${error.message}`);
      if (this.#snapshot.state === 'ready') this.#probeHealth(generation);
    };
  }

  /**
   * Keeps the lists current without a stream: re-list on an interval and when the page comes back into view. The
   * SDK serves a list from its cache while the server's `ttlMs` says it is fresh, so this costs no request then.
   */
  #startPolling(generation: number): void {
    const refresh = () => {
      const client = this.#opened?.client;
      if (!client || generation !== this.#generation || this.#snapshot.state !== 'ready') return;
      this.#fetchLists(client, undefined).then(
        (lists) => {
          if (generation === this.#generation && this.#snapshot.state === 'ready') this.#update(lists);
        },
        () => this.#probeHealth(generation),
      );
    };
    // Spread connections over the interval so that many of them do not re-list in one burst.
    const interval = (this.#options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS) * (0.8 + 0.4 * Math.random());
    const timer = setInterval(refresh, interval);
    const onVisible = () => {
      if (typeof document === 'undefined' || document.visibilityState === 'visible') refresh();
    };
    const target = typeof window === 'undefined' ? undefined : window;
    target?.addEventListener('focus', onVisible);
    target?.document?.addEventListener('visibilitychange', onVisible);
    this.#stopPolling = () => {
      clearInterval(timer);
      target?.removeEventListener('focus', onVisible);
      target?.document?.removeEventListener('visibilitychange', onVisible);
    };
  }

  #startHealthChecks(generation: number): void {
    const interval = this.#options.healthCheckIntervalMs ?? DEFAULT_HEALTH_CHECK_INTERVAL_MS;
    if (interval <= 0) return;
    this.#healthTimer = setInterval(() => this.#probeHealth(generation), interval);
  }

  #probeHealth(generation: number): void {
    const client = this.#opened?.client;
    if (!client || this.#healthProbe || generation !== this.#generation) return;
    const options = { timeout: HEALTH_PROBE_TIMEOUT_MS };
    // 2026-07-28 has no `ping`; `server/discover` is its cheapest stateless request.
    const probe: Promise<unknown> =
      client.getProtocolEra() === 'modern' ? client.discover(options) : client.ping(options);
    this.#healthProbe = probe
      .then(
        () => undefined,
        (cause: unknown) => {
          const error = toMcpUseError(cause, this.#context, 'request');
          if (isConnectionGone(error)) this.#lost(generation, error);
          else this.#log('debug', `Health check inconclusive: ${error.message}`);
        },
      )
      .finally(() => {
        this.#healthProbe = undefined;
      });
  }

  #lost(generation: number, reason: McpUseError | string): void {
    if (generation !== this.#generation || this.#snapshot.state !== 'ready') return;
    const opened = this.#opened;
    this.#opened = undefined;
    this.#stopWork(); // ignore anything the dead client still reports
    if (opened) void this.#close(opened);
    // The SDK closes the connection when the auth plug-in fails mid-session (e.g. the refresh token was revoked):
    // that is a sign-in to ask for, not a server to reconnect to.
    const authFailure = this.#authFailure;
    if (authFailure) {
      this.#afterFailure('initial', 0, authFailure);
      return;
    }
    const error =
      typeof reason === 'string'
        ? new ConnectionLostError(
            `Lost connection to ${this.#context.serverUrl ?? 'the server'}: ${reason}`,
            this.#context,
          )
        : reason;
    this.#log('warn', error.message);
    if (this.#reconnectPolicy.maxAttempts === 0) {
      this.#fail(error);
      return;
    }
    this.#update({ state: 'connecting', error });
    void this.#attempt('reconnect', 0);
  }

  // ---- requests ---------------------------------------------------------------------------------------------

  async #request<T>(
    run: (client: Client, options: { signal?: AbortSignal; timeout: number }) => Promise<T>,
    options: CallOptions | undefined,
  ): Promise<T> {
    const opened = this.#opened;
    if (!opened || this.#snapshot.state !== 'ready')
      throw new NotConnectedError(this.#snapshot.state, this.#context);
    const generation = this.#generation;
    try {
      return await run(opened.client, {
        ...(options?.signal ? { signal: options.signal } : {}),
        timeout: options?.timeoutMs ?? this.#options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      });
    } catch (caught) {
      const cause = await this.#stepUpOnce(caught);
      const authFailure = this.#authFailure;
      if (authFailure) {
        this.#lost(generation, authFailure);
        throw authFailure;
      }
      const error = toMcpUseError(cause, this.#context, 'request');
      if (options?.signal?.aborted && error.code !== 'aborted')
        throw toMcpUseError(options.signal.reason, this.#context, 'request');
      if (error.code === 'connection_lost') this.#probeHealth(generation);
      throw error;
    }
  }

  /**
   * The SDK reports a 403 `insufficient_scope` on `onerror` and then fails the request too: step up once for
   * both (the engine counts step-ups per scope set).
   */
  async #stepUpOnce(cause: unknown): Promise<unknown> {
    const pending = this.#pendingStepUp;
    if (!pending) return this.#stepUp(cause);
    const outcome = await pending;
    return cause instanceof InsufficientScopeError ? outcome : cause;
  }

  /**
   * MCP authorization (step-up): a 403 `insufficient_scope` asks for a wider grant. The auth plug-in turns it into
   * a sign-in for the union of scopes, which the connection then waits for in `pending_auth`.
   */
  async #stepUp(cause: unknown): Promise<unknown> {
    const auth = this.#options.auth;
    if (!(cause instanceof InsufficientScopeError) || !auth?.onInsufficientScope) return cause;
    try {
      await auth.onInsufficientScope(cause.requiredScope);
      return cause;
    } catch (stepUpError) {
      const error = toMcpUseError(stepUpError, this.#context);
      if (error.code === 'auth_required') this.#authFailure = error;
      return error;
    }
  }

  // ---- plumbing ---------------------------------------------------------------------------------------------

  #stopWork(): void {
    this.#generation += 1;
    this.#attemptAbort?.abort();
    this.#attemptAbort = undefined;
    clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
    clearInterval(this.#healthTimer);
    this.#healthTimer = undefined;
    this.#stopPolling?.();
    this.#stopPolling = undefined;
    this.#releaseStream?.();
    this.#releaseStream = undefined;
  }

  async #close(opened: OpenedClient): Promise<void> {
    opened.client.onclose = undefined;
    opened.client.onerror = undefined;
    await opened.client.close().catch(() => undefined);
  }

  /** Logs on this connection's behalf (used by its auth plug-in). */
  emitLog = (level: LogLevel, message: string): void => {
    this.#log(level, message);
  };

  #log(level: LogLevel, message: string): void {
    const entry: LogEntry = { level, message, time: Date.now() };
    this.#options.onLog?.(entry);
    for (const listener of this.#logListeners) listener(entry);
    if (this.#options.debug) this.#update({ log: [...this.#snapshot.log, entry].slice(-MAX_LOG_ENTRIES) });
  }

  /** Replaces the snapshot only when a field really changed, so subscribers render on real changes alone. */
  #update(patch: Partial<ConnectionSnapshot>): void {
    const current = this.#snapshot;
    const changed = (Object.keys(patch) as (keyof ConnectionSnapshot)[]).some(
      (key) => !Object.is(current[key], patch[key]),
    );
    if (!changed) return;
    this.#snapshot = Object.freeze({ ...current, ...patch });
    this.notify();
  }
}
