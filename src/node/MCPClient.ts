import { definedFields } from '../core/definedFields';
import type { ServerStderrListener } from './serverStderr';
import type { TokenStore } from '../auth/store';
import { NodeConnection, nodeEnvironment } from './NodeConnection';
import type { ProtocolStorage } from '../core/protocolMemory';
import type { McpUseError } from '../core/errors';
import type { RetryOption } from '../core/retryPolicy';
import { redactUrlsIn } from '../core/redactUrl';
import { toMcpUseError } from '../core/toMcpUseError';
import type { ConnectionOptions, LogEntry, LogLevel, McpEvent } from '../core/types';
import type { EnvSource } from './config/envReferences';
import { readConfigFile } from './config/readConfigFile';
import { resolveServer } from './config/resolveServer';
import type { MCPClientConfig, ServerDefinition } from './config/types';
import { validateConfig } from './config/validateConfig';
import { connectionOptionsFor } from './connectionOptionsFor';
import { SessionClosedError, UnknownServerError } from './errors';
import { MCPSession } from './MCPSession';
import { createFileStore } from './oauth/fileStore';
import type { DeviceCodePrompt } from './oauth/devicePrompt';
import { ClientCredentialsAuth } from './oauth/grants/ClientCredentialsAuth';
import { LazyNodeOAuth } from './oauth/LazyNodeOAuth';
import type { SignInPrompt } from './oauth/NodeOAuth';

/** A log entry from the client or one of its sessions; `serverName` says which server it concerns. */
export interface ClientLogEntry extends LogEntry {
  serverName?: string;
}

/** An event of one of the client's sessions (see McpEvent); `serverName` says which server it concerns. */
export type ClientMcpEvent = McpEvent & { readonly serverName: string };

/** How servers configured with OAuth settings sign in (see docs/node-client.md, "OAuth"). */
export interface MCPClientOAuthOptions {
  /** The former place of the client's `tokenStore` option; `tokenStore` wins when both are given. */
  store?: TokenStore;
  /**
   * Whether a person can sign in when a server asks (default true). With false no loopback sign-in starts:
   * `createSession` (or the call) rejects with SignInRequiredError (code `auth_required`, with `reason`).
   */
  interactive?: boolean;
  /**
   * Shows the user where to sign in. Default: opens the system browser when there is one (and stdout is a
   * terminal) and writes the URL to stderr.
   */
  onSignIn?: (prompt: SignInPrompt) => void | Promise<void>;
  /**
   * Shows a device sign-in's code and where to enter it (entries with `grant: "device_code"`, or
   * `device_code_fallback` on a machine without a browser). Default: lines on stderr.
   */
  onDeviceCode?: (prompt: DeviceCodePrompt) => void | Promise<void>;
  /** How a device sign-in waits between polls. Default: a timer (tests pass a fake clock's). */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Give up waiting for the user to sign in after this many milliseconds. Default 5 minutes. */
  authTimeoutMs?: number;
}

export interface MCPClientOptions {
  /** Where `${VAR}` references are looked up, and the base environment of stdio servers. Default: `process.env`. */
  env?: EnvSource;
  /** Client name announced to servers (a server entry's `clientName` overrides it). Default `mcp-use`. */
  clientName?: string;
  /** Default timeout of each request, in milliseconds. Default 60 000. */
  requestTimeoutMs?: number;
  /** Retry a failed initial connection. Default: off. */
  autoRetry?: RetryOption;
  /** Reconnect after a ready connection is lost. Default: on (3 attempts, 1 s doubling to 10 s). */
  autoReconnect?: RetryOption;
  /** How often an idle connection is checked, in milliseconds (0 turns it off). Default 30 000. */
  healthCheckIntervalMs?: number;
  /** Keep log entries in each connection's snapshot (`session.connection.getSnapshot().log`). */
  debug?: boolean;
  /** Receives every log entry of the client and its sessions. Entries never contain tokens or other secrets. */
  onLog?: (entry: ClientLogEntry) => void;
  /**
   * Receives every event of the client's sessions: each step of their sign-ins.
   * Events hold no token, code, verifier, `state` or client secret.
   */
  onEvent?: (event: ClientMcpEvent) => void;
  /** The fetch HTTP servers are reached with. Default: the global one. */
  fetch?: ConnectionOptions['fetch'];
  /** Keep each session's lists current as the server changes them (a stream, or re-listing). Default true. */
  listChanged?: boolean;
  /** The lists each session loads when it connects (see ConnectionOptions.lists). Default all four. */
  lists?: ConnectionOptions['lists'];
  /**
   * Where what each server speaks is remembered across processes, so the next connection skips the era probe
   * (`server/discover`) or reuses its result: the Web Storage calls `getItem`, `setItem`, `removeItem`.
   * Default: this process's memory only.
   */
  protocolStorage?: ProtocolStorage;
  /** Answers the servers' requests for input from the user (elicitation, forms and URLs); see ConnectionOptions. */
  onElicitation?: ConnectionOptions['onElicitation'];
  /** Answers the servers' requests for a model completion (sampling); see ConnectionOptions. */
  onSampling?: ConnectionOptions['onSampling'];
  /** Roots (directories as `file://` URIs) offered to every server on `roots/list`. */
  roots?: ConnectionOptions['roots'];
  /** OAuth sign-in for entries with OAuth settings (`client_id`, `callback_port`, `auth: {…}`…). */
  oauth?: MCPClientOAuthOptions;
  /**
   * Where every OAuth server's tokens, registrations and pending sign-ins are kept, and whose lock refreshes
   * run under: a `TokenStore` (`createFileStore(path)`, `createRedisTokenStore(…)` from `mcp-use/redis`, or your
   * own). Default: `~/.mcp-use/oauth-tokens.json` (0600, with a lock file beside it).
   */
  tokenStore?: TokenStore;
  /**
   * Receives what stdio servers write to their stderr, line by line, with the server's name. Default: passed
   * through to this process's stderr unchanged.
   */
  onServerStderr?: ServerStderrListener;
}

/**
 * What `createAllSessions()` resolves to: the sessions that connected, and a typed error for each server that
 * did not. One server's failure never hides another's result.
 */
export interface CreateAllSessionsResult {
  sessions: Record<string, MCPSession>;
  errors: Record<string, McpUseError>;
}

/** A configuration object as `fromDict` takes it: the typed shape, or anything (e.g. imported JSON) to validate. */
export type MCPClientConfigInput = MCPClientConfig | Readonly<Record<string, unknown>>;

/**
 * Connects a Node application to the MCP servers of an `mcpServers` configuration (a JSON file or an object),
 * one session per server. The configuration's shape is checked when the client is created; `${VAR}`
 * references are resolved from the environment each time a session is created.
 *
 * ```ts
 * const client = new MCPClient('./mcp-config.json');
 * const session = await client.createSession('my-server');
 * const result = await session.callTool('echo', { text: 'hi' });
 * await client.closeAllSessions();
 * ```
 */
export class MCPClient {
  readonly #servers: Map<string, ServerDefinition>;
  readonly #options: MCPClientOptions;
  /** Sessions whose creation has completed; what getSession/getAllActiveSessions report. */
  readonly #sessions = new Map<string, MCPSession>();
  /** Sessions still connecting, so a second createSession joins the first and closeSession can cancel it. */
  readonly #pending = new Map<string, { session: MCPSession; ready: Promise<MCPSession> }>();
  /** The OAuth store, created when an OAuth server first needs it (no file is touched otherwise). */
  #oauthStore: TokenStore | undefined;

  /**
   * @param config a path to a JSON configuration file (relative paths are taken from the working directory),
   *   or a configuration object; none gives a client without servers.
   * @throws ConfigNotFoundError, ConfigFileError, ConfigError or InvalidServerUrlError when the configuration
   *   is missing or invalid.
   */
  constructor(config: string | MCPClientConfigInput = { mcpServers: {} }, options: MCPClientOptions = {}) {
    this.#options = options;
    const raw = typeof config === 'string' ? readConfigFile(config) : config;
    this.#servers = validateConfig(raw, (message, serverName) => this.#log('debug', message, serverName));
  }

  /** A client for a configuration object (e.g. `{ mcpServers: { name: { url, authToken } } }`). */
  static fromDict(config: MCPClientConfigInput, options?: MCPClientOptions): MCPClient {
    return new MCPClient(config, options);
  }

  /** A client for a JSON configuration file; a relative path is taken from the working directory. */
  static fromConfigFile(path: string, options?: MCPClientOptions): MCPClient {
    return new MCPClient(path, options);
  }

  /** The configured server names, in configuration order. */
  getServerNames(): string[] {
    return [...this.#servers.keys()];
  }

  /**
   * Connects to the named server and resolves with its session once ready. Resolves with the existing session
   * when there is one (joining it while it is still connecting); a session whose connection has failed is
   * replaced by a new one. For an entry with OAuth settings whose server asks for sign-in, the user is sent to
   * sign in first (`oauth.onSignIn`) and the session resolves once that is done.
   * @throws UnknownServerError for a name not in the configuration; MissingEnvVarError, ConfigError or
   *   InvalidServerUrlError when resolving the entry fails; the connection's typed error otherwise
   *   (e.g. UnauthorizedError for a refused token, code `spawn_failed` for a command that cannot be started).
   */
  async createSession(serverName: string): Promise<MCPSession> {
    const definition = this.#definition(serverName);
    const pending = this.#pending.get(serverName);
    if (pending) return pending.ready;
    const existing = this.#sessions.get(serverName);
    if (existing) {
      const { state } = existing.connection.getSnapshot();
      if (state !== 'failed' && state !== 'disconnected') return existing;
      this.#sessions.delete(serverName);
      // A failed or disconnected connection holds no transport, so this only settles its state; not awaiting
      // it keeps the rest of this call synchronous, so a concurrent createSession cannot slip in between.
      void existing.close();
    }

    const server = resolveServer(definition, this.#env(), (message) =>
      this.#log('debug', message, serverName),
    );
    const { protocolStorage } = this.#options;
    const connection = new NodeConnection(
      connectionOptionsFor(server, {
        ...this.#sessionDefaults(),
        onLog: (entry) => this.#options.onLog?.({ ...entry, serverName }),
        ...(this.#options.onEvent
          ? { onEvent: (event: McpEvent) => this.#options.onEvent?.({ ...event, serverName }) }
          : {}),
      }),
      protocolStorage ? { ...nodeEnvironment, protocolStorage } : nodeEnvironment,
    );
    const session = new MCPSession(serverName, connection);
    const ready = session
      .connect()
      .then(() => {
        // closeSession/closeAllSessions may have run between `ready` and this callback.
        if (this.#pending.get(serverName)?.session !== session) throw new SessionClosedError(serverName);
        this.#pending.delete(serverName);
        this.#sessions.set(serverName, session);
        return session;
      })
      .catch(async (error: unknown) => {
        this.#settle(serverName, session);
        await session.close(); // stops retry/health timers and ends a stdio child that did start
        throw error;
      });
    this.#pending.set(serverName, { session, ready });
    return ready;
  }

  /**
   * Creates a session for every configured server in parallel. Never rejects: resolves with the sessions that
   * connected and, per server that did not, its typed error.
   */
  async createAllSessions(): Promise<CreateAllSessionsResult> {
    const names = this.getServerNames();
    const results = await Promise.allSettled(names.map((name) => this.createSession(name)));
    const outcome: CreateAllSessionsResult = { sessions: {}, errors: {} };
    results.forEach((result, index) => {
      const name = names[index]!;
      if (result.status === 'fulfilled') outcome.sessions[name] = result.value;
      else outcome.errors[name] = toMcpUseError(result.reason, { serverName: name });
    });
    return outcome;
  }

  /**
   * The ready-made session for `serverName`, or undefined when none was created (or it was closed).
   * @throws UnknownServerError for a name not in the configuration.
   */
  getSession(serverName: string): MCPSession | undefined {
    this.#definition(serverName);
    return this.#sessions.get(serverName);
  }

  /**
   * Every session created and not closed, by server name. A session stays here while its connection
   * reconnects; check `session.state` (or `isConnected`) for its current state.
   */
  getAllActiveSessions(): Record<string, MCPSession> {
    return Object.fromEntries(this.#sessions);
  }

  /**
   * Closes the server's session (ending a stdio server's process); a session still connecting is cancelled
   * and its createSession rejects with code `aborted`. Does nothing when there is no session.
   * @throws UnknownServerError for a name not in the configuration.
   */
  async closeSession(serverName: string): Promise<void> {
    this.#definition(serverName);
    const session = this.#sessions.get(serverName);
    const pending = this.#pending.get(serverName);
    this.#sessions.delete(serverName);
    this.#settle(serverName, pending?.session);
    await Promise.all([session?.close(), pending?.session.close()]);
  }

  /** Closes every session, connecting ones included, in parallel. */
  async closeAllSessions(): Promise<void> {
    const sessions = [
      ...this.#sessions.values(),
      ...[...this.#pending.values()].map((pending) => pending.session),
    ];
    this.#sessions.clear();
    this.#pending.clear();
    await Promise.all(sessions.map((session) => session.close()));
  }

  /**
   * Signs out of an OAuth server: revokes its tokens where the authorization server supports revocation, then
   * deletes them from the store; the next session signs in again. Does nothing for a server without OAuth
   * settings. Does not close an open session.
   * @throws UnknownServerError for a name not in the configuration.
   */
  async signOut(serverName: string): Promise<void> {
    const server = resolveServer(this.#definition(serverName), this.#env(), () => undefined);
    const auth = connectionOptionsFor(server, this.#sessionDefaults()).auth;
    if (auth instanceof LazyNodeOAuth || auth instanceof ClientCredentialsAuth) await auth.logout();
  }

  #definition(serverName: string): ServerDefinition {
    const definition = this.#servers.get(serverName);
    if (!definition) throw new UnknownServerError(serverName, this.getServerNames());
    return definition;
  }

  /** Forgets a pending entry, but only if it is still this session's (a newer attempt may have replaced it). */
  #settle(serverName: string, session: MCPSession | undefined): void {
    if (session && this.#pending.get(serverName)?.session === session) this.#pending.delete(serverName);
  }

  #env(): EnvSource {
    return this.#options.env ?? process.env;
  }

  #sessionDefaults() {
    // `onLog` and `onEvent` are per session (they add the server's name): set where a session is made.
    const {
      oauth,
      tokenStore,
      env: _env,
      onLog: _onLog,
      onEvent: _onEvent,
      protocolStorage: _storage,
      ...shared
    } = this.#options;
    return {
      env: this.#env(),
      oauth: {
        store: () => {
          this.#oauthStore ??=
            tokenStore ??
            oauth?.store ??
            createFileStore(undefined, { onNotice: (message) => this.#log('warn', message) });
          return this.#oauthStore;
        },
        ...definedFields({
          onSignIn: oauth?.onSignIn,
          onDeviceCode: oauth?.onDeviceCode,
          sleep: oauth?.sleep,
        }),
        ...definedFields({ authTimeoutMs: oauth?.authTimeoutMs, interactive: oauth?.interactive }),
      },
      // Every other client option reaches each session as it is.
      ...definedFields(shared),
    };
  }

  #log(level: LogLevel, message: string, serverName?: string): void {
    this.#options.onLog?.({
      level,
      message: redactUrlsIn(message),
      time: Date.now(),
      ...(serverName !== undefined ? { serverName } : {}),
    });
  }
}
