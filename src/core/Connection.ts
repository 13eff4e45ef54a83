import { isAuthFailure, isSignInRequired } from './connectionAuth';
import { connectionCalls } from './connectionCalls';
import { definedFields } from './definedFields';
import { clientSettingsOf, requestTimeoutOf, watchSettingsOf } from './connectionDefaults';
import { ConnectionLog, type LogReceiver } from './connectionLog';
import { type ConnectionEnvironment, defaultEnvironment } from './environment';
import { InvalidUrlError, type McpUseError, NotConnectedError, RetriesExhaustedError } from './errors';
import type { McpEvent } from './events';
import { parseHttpUrl } from './httpRules';
import { LiveClient, type RequestOptions } from './liveClient';
import { resolveRetryPolicy, type RetryPolicy, retryDelay } from './retryPolicy';
import { fetchList, type ListName, type ServerLists } from './serverLists';
import { INITIAL_SNAPSHOT, patchSnapshot } from './snapshot';
import { StepUp } from './stepUp';
import { Subscribable } from './subscribable';
import { type ErrorContext, isRetryable, toMcpUseError } from './toMcpUseError';
import type { CallOptions, ConnectionOptions, ConnectionSnapshot, ConnectionState, LogLevel } from './types';
import { watchSignIn } from './watchSignIn';

type Purpose = 'initial' | 'reconnect';

/**
 * One MCP server connection as a state machine (see ConnectionState). Framework-free: React reads it through
 * `subscribe`/`getSnapshot`, Node sessions call its methods directly. A new Connection starts in `connecting`
 * and does nothing until `connect()`. What happens while connected is LiveClient's (liveClient.ts); lists,
 * step-up and the log have their own modules; sharing between components is the pool's (connectionPool.ts).
 */
export class Connection extends Subscribable {
  readonly #options: ConnectionOptions;
  readonly #environment: ConnectionEnvironment;
  readonly #reconnectPolicy: RetryPolicy;
  readonly #retryPolicy: RetryPolicy;
  readonly #context: ErrorContext;
  readonly #log: ConnectionLog;
  #snapshot: ConnectionSnapshot = INITIAL_SNAPSHOT;
  #live: LiveClient | undefined;
  /** Bumped whenever in-flight work must be forgotten (disconnect, new attempt, lost connection). */
  #generation = 0;
  #started = false;
  #attemptAbort: AbortController | undefined;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  /** Why the auth plug-in last failed on this attempt (sign-in needed, refresh refused…). */
  #authFailure: McpUseError | undefined;
  #stepUp: StepUp;
  readonly #watchSignIn: (state: ConnectionState) => void;
  readonly #calls = connectionCalls({
    request: (run, options) => this.#request(run, options),
    snapshot: () => this.#snapshot,
    options: () => this.#options,
    context: () => this.#context,
  });

  constructor(options: ConnectionOptions, environment: ConnectionEnvironment = defaultEnvironment) {
    super();
    this.#options = { ...options };
    this.#environment = environment;
    this.#reconnectPolicy = resolveRetryPolicy(options.autoReconnect, true);
    this.#retryPolicy = resolveRetryPolicy(options.autoRetry, false);
    this.#context = definedFields({
      serverName: options.serverName,
      serverUrl: options.url === undefined ? undefined : String(options.url),
      describeNetworkFailure: environment.describeNetworkFailure,
    });
    this.#log = new ConnectionLog({
      onLog: options.onLog,
      keep: options.debug === true,
      onKept: (log) => this.#update({ log }),
    });
    this.#stepUp = this.#newStepUp();
    this.#watchSignIn = watchSignIn(
      options.auth,
      (failure) => this.#signInEnded(this.#generation, failure),
      // Connecting again finds no token, and the server's 401 leads to `pending_auth`.
      () => this.#attempt('initial', 0),
    );
  }

  getSnapshot = (): ConnectionSnapshot => this.#snapshot;

  /** The authentication plug-in this connection signs in with, if any. */
  get auth(): ConnectionOptions['auth'] {
    return this.#options.auth;
  }

  /** Starts connecting unless already connecting or connected. */
  connect = (): void => {
    const { state } = this.#snapshot;
    if (this.#started && state !== 'failed' && state !== 'disconnected') return;
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
    const closed = this.#stopWork();
    this.#update({ state: 'disconnected', authUrl: undefined });
    await closed;
  };

  // The log and the sign-in events: receivers (a component's newest callbacks; each call returns the removal),
  // and entries and events written on this connection's behalf by its auth plug-in (the engine's log, its steps).
  listen = (receiver: LogReceiver): (() => void) => this.#log.listen(receiver);
  emitLog = (level: LogLevel, message: string): void => this.#log.write(level, message);
  emitEvent = (event: McpEvent): void => this.#log.event(event);

  // Tool calls, tasks, resource reads and watches, prompts (connectionCalls.ts).
  callTool = this.#calls.callTool;
  readResource = this.#calls.readResource;
  getPrompt = this.#calls.getPrompt;
  startToolTask = this.#calls.startToolTask;
  listTasks = this.#calls.listTasks;
  getTask = this.#calls.getTask;
  getTaskResult = this.#calls.getTaskResult;
  cancelTask = this.#calls.cancelTask;
  watchResource = this.#calls.watchResource;

  /** Each fetches its list from the server (past the SDK's `ttlMs` cache) and updates the snapshot. */
  listTools = (options?: CallOptions) => this.#relist('tools', options);
  listResources = (options?: CallOptions) => this.#relist('resources', options);
  listResourceTemplates = (options?: CallOptions) => this.#relist('resourceTemplates', options);
  listPrompts = (options?: CallOptions) => this.#relist('prompts', options);

  // ---- signing in -------------------------------------------------------------------------------------------

  /**
   * Starts the sign-in prepared in `pending_auth`. Synchronous on purpose: the auth plug-in opens its popup in
   * this same call stack, so a click handler's user gesture still counts and popup blockers stay quiet.
   */
  authenticate = (): void => {
    const { auth } = this.#options;
    const { authUrl, state } = this.#snapshot;
    if (!auth || state !== 'pending_auth' || !authUrl) return;
    this.#stopWork();
    const generation = this.#generation;
    const abort = new AbortController();
    this.#attemptAbort = abort;
    this.#update({ state: 'authenticating', error: undefined });
    this.#log.write('info', 'Signing in');
    new Promise<void>((resolve) => resolve(auth.authorize(authUrl, abort.signal))).then(
      () => this.#signInEnded(generation),
      (cause: unknown) => this.#signInEnded(generation, toMcpUseError(cause, this.#context)),
    );
  };

  /** The user must sign in: wait in `pending_auth` with the URL prepared, or start at once without preventAutoAuth. */
  #needsSignIn(error: McpUseError): void {
    if (!isSignInRequired(error)) {
      this.#fail(error);
      return;
    }
    this.#update({ state: 'pending_auth', authUrl: error.authorizationUrl });
    this.#log.write('info', 'Sign-in required');
    if (this.#options.preventAutoAuth === false) this.authenticate();
  }

  /** A sign-in ended (here or elsewhere): connect, or back to `pending_auth` with a fresh URL (`state` is spent). */
  async #signInEnded(generation: number, failure?: McpUseError): Promise<void> {
    if (generation !== this.#generation) return;
    if (!failure) {
      this.#log.write('info', 'Signed in');
      void this.#attempt('initial', 0);
      return;
    }
    this.#log.write('warn', `Sign-in did not complete: ${failure.message}`);
    this.#update({ state: 'pending_auth', error: failure });
    try {
      const authUrl = await this.#options.auth!.prepareAuthorization({ signal: this.#attemptAbort?.signal });
      if (generation === this.#generation) this.#update({ authUrl });
    } catch (cause) {
      if (generation === this.#generation) this.#fail(toMcpUseError(cause, this.#context));
    }
  }

  // ---- connecting -------------------------------------------------------------------------------------------

  async #attempt(purpose: Purpose, attempt: number): Promise<void> {
    this.#stopWork();
    const generation = ++this.#generation;
    const current = () => generation === this.#generation;
    const abort = new AbortController();
    this.#attemptAbort = abort;
    this.#authFailure = undefined;
    this.#stepUp = this.#newStepUp();
    this.#update({
      state: 'connecting',
      ...(purpose === 'initial' && attempt === 0 ? { error: undefined } : {}),
    });

    const options = this.#options;
    const url = options.createTransport ? undefined : parseHttpUrl(options.url);
    if (!options.createTransport && !url) {
      this.#fail(new InvalidUrlError(options.url, options.url ? { serverUrl: String(options.url) } : {}));
      return;
    }
    this.#log.write('info', attempt === 0 ? 'Connecting' : `Connecting (attempt ${attempt + 1})`);
    try {
      const watch = watchSettingsOf(options, this.#environment);
      const { live, lists } = await LiveClient.open({
        ...clientSettingsOf(options),
        url,
        wantsUpdates: watch.wantsUpdates,
        lists: watch.lists,
        streamsPerOrigin: options.maxStreamsPerOrigin ?? this.#environment.streamsPerOrigin,
        signal: abort.signal,
        protocolStorage: this.#environment.protocolStorage,
        context: this.#context,
        stepUp: this.#stepUp,
        authFailure: () => this.#authFailure,
        onAuthFailure: (cause) => {
          const error = toMcpUseError(cause, this.#context);
          if (current() && isAuthFailure(error)) this.#authFailure = error;
        },
        onLost: (error) => this.#lost(generation, error),
        onLists: (lists) => {
          if (current() && this.#snapshot.state === 'ready') this.#update(lists);
        },
        log: (level, message) => this.#log.write(level, message),
      });
      if (!current()) {
        await live.close();
        return;
      }
      this.#live = live;
      this.#update({ state: 'ready', error: undefined, authUrl: undefined, ...lists, ...live.describe() });
      this.#log.write(
        'info',
        `Ready (${live.kind}, protocol ${live.describe().protocolVersion ?? 'unknown'})`,
      );
      live.keepWatch(watch);
      this.#calls.linked(live.client);
    } catch (cause) {
      // A 403 `insufficient_scope` while connecting asks for a wider sign-in, as it does for a call.
      if (current())
        this.#afterFailure(purpose, attempt, toMcpUseError(await this.#stepUp.outcome(cause), this.#context));
    }
  }

  #afterFailure(purpose: Purpose, attempt: number, error: McpUseError): void {
    if (error.code === 'auth_required') {
      this.#needsSignIn(error);
      return;
    }
    const policy = purpose === 'initial' ? this.#retryPolicy : this.#reconnectPolicy;
    this.#log.write('warn', `Connection attempt failed: ${error.message}`);
    if (!isRetryable(error) || attempt >= policy.maxAttempts) {
      const total = attempt + 1;
      this.#fail(attempt > 0 ? new RetriesExhaustedError(total, { ...this.#context, cause: error }) : error);
      return;
    }
    this.#update({ state: 'connecting', error });
    this.#retryTimer = setTimeout(
      () => {
        this.#retryTimer = undefined;
        void this.#attempt(purpose, attempt + 1);
      },
      retryDelay(policy, attempt + 1),
    );
  }

  #fail(error: McpUseError): void {
    this.#stopWork();
    this.#log.write('error', error.message);
    this.#update({ state: 'failed', error, authUrl: undefined });
  }

  /** The live link went away while `ready`: sign in again, reconnect, or fail. */
  #lost(generation: number, error: McpUseError): void {
    if (generation !== this.#generation || this.#snapshot.state !== 'ready') return;
    void this.#stopWork(); // closes the dead client: anything it still reports is ignored
    // The SDK closes the connection when the auth plug-in fails mid-session (e.g. the refresh token was revoked):
    // that is a sign-in to ask for, not a server to reconnect to.
    if (this.#authFailure) {
      this.#afterFailure('initial', 0, this.#authFailure);
      return;
    }
    this.#log.write('warn', error.message);
    if (this.#reconnectPolicy.maxAttempts === 0) {
      this.#fail(error);
      return;
    }
    this.#update({ state: 'connecting', error });
    void this.#attempt('reconnect', 0);
  }

  // ---- requests ---------------------------------------------------------------------------------------------

  #request<T>(
    run: (client: LiveClient['client'], options: RequestOptions) => Promise<T>,
    options: CallOptions | undefined,
  ): Promise<T> {
    const live = this.#live;
    if (!live || this.#snapshot.state !== 'ready')
      return Promise.reject(new NotConnectedError(this.#snapshot.state, this.#context));
    return live.request(run, {
      ...(options?.signal ? { signal: options.signal } : {}),
      timeout: options?.timeoutMs ?? requestTimeoutOf(this.#options),
    });
  }

  async #relist<K extends ListName>(name: K, options: CallOptions | undefined): Promise<ServerLists[K]> {
    const list = await this.#request(
      (client, opts) => fetchList(client, name, { ...opts, cacheMode: 'refresh' }),
      options,
    );
    this.#update({ [name]: list });
    return list;
  }

  // ---- plumbing ---------------------------------------------------------------------------------------------

  #newStepUp(): StepUp {
    return new StepUp(this.#options.auth, this.#context, this.#attemptAbort?.signal, (error) => {
      this.#authFailure = error;
    });
  }

  /** Forgets all in-flight work and timers, and closes the live client if there is one (resolves when closed). */
  #stopWork(): Promise<void> {
    this.#generation += 1;
    this.#attemptAbort?.abort();
    this.#attemptAbort = undefined;
    clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
    this.#calls.linked(undefined);
    const live = this.#live;
    this.#live = undefined;
    return live ? live.close() : Promise.resolve();
  }

  #update(patch: Partial<ConnectionSnapshot>): void {
    const next = patchSnapshot(this.#snapshot, patch);
    if (next === this.#snapshot) return;
    this.#snapshot = next;
    this.#watchSignIn(next.state);
    this.notify();
  }
}
