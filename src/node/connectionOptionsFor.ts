import { definedFields } from '../core/definedFields';
import { redactUrlsIn } from '../core/redactUrl';
import type { AuthLog } from '../auth/env';
import type { TokenStore } from '../auth/store';
import type { RetryOption } from '../core/retryPolicy';
import type { ConnectionOptions, LogEntry } from '../core/types';
import type { McpEventListener } from '../core/events';
import type { EnvSource } from './config/envReferences';
import type { ResolvedHttpServer, ResolvedOAuth, ResolvedServer } from './config/resolveServer';
import type { ConnectionAuth } from '../core/connectionAuth';
import type { DeviceCodePrompt } from './oauth/devicePrompt';
import { ClientCredentialsAuth } from './oauth/grants/ClientCredentialsAuth';
import { LazyNodeOAuth } from './oauth/LazyNodeOAuth';
import type { SignInPrompt } from './oauth/NodeOAuth';
import type { ServerStderrListener } from './serverStderr';

/** How entries with OAuth settings sign in: shared by every session of a client. */
export interface SessionOAuthDefaults {
  /** The store, created on first use (a file store unless the client was given one). */
  store: () => TokenStore;
  onSignIn?: (prompt: SignInPrompt) => void | Promise<void>;
  onDeviceCode?: (prompt: DeviceCodePrompt) => void | Promise<void>;
  /** How a device sign-in waits between polls (tests). */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  authTimeoutMs?: number;
  /** False: never start a loopback sign-in (see MCPClientOAuthOptions.interactive). */
  interactive?: boolean;
}

/** Client-wide settings every session starts from; a server entry may override `clientName` and the timeout. */
export interface SessionDefaults {
  env: EnvSource;
  clientName?: string;
  requestTimeoutMs?: number;
  healthCheckIntervalMs?: number;
  autoRetry?: RetryOption;
  autoReconnect?: RetryOption;
  debug?: boolean;
  onLog?: (entry: LogEntry) => void;
  onEvent?: McpEventListener;
  fetch?: ConnectionOptions['fetch'];
  listChanged?: boolean;
  lists?: ConnectionOptions['lists'];
  onElicitation?: ConnectionOptions['onElicitation'];
  onServerStderr?: ServerStderrListener;
  onSampling?: ConnectionOptions['onSampling'];
  roots?: ConnectionOptions['roots'];
  oauth?: SessionOAuthDefaults;
}

/** The child's environment: the client's own (usually process.env) with the entry's variables on top. */
function childEnv(base: EnvSource, own: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(base)) if (value !== undefined) env[name] = value;
  return Object.assign(env, own);
}

/**
 * The engine's log as connection log entries (the engine never puts a token in either). Its entries do not pass
 * through the connection's log, so URLs in them (metadata and endpoint URLs built from the server's) are masked
 * here the same way.
 */
function authLog(onLog: ((entry: LogEntry) => void) | undefined): AuthLog | undefined {
  if (!onLog) return undefined;
  return (level, message, data) =>
    onLog({
      level,
      message: redactUrlsIn(data ? `${message} ${JSON.stringify(data)}` : message),
      time: Date.now(),
    });
}

/** Client credentials: the client signs in as itself, nobody is asked (schema: client_id and a secret or key). */
function clientCredentialsFor(
  server: ResolvedHttpServer,
  settings: ResolvedOAuth,
  defaults: SessionDefaults,
): ClientCredentialsAuth {
  const log = authLog(defaults.onLog);
  const { clientId, clientSecret, privateKeyFile, scope, account, authorizationServerMetadata } = settings;
  const requestTimeoutMs = server.requestTimeoutMs ?? defaults.requestTimeoutMs;
  const fetch = defaults.fetch;
  return new ClientCredentialsAuth(
    {
      serverUrl: server.url,
      serverName: server.name,
      clientId: clientId as string,
      ...definedFields({ clientSecret, privateKeyFile, scope, account, authorizationServerMetadata }),
    },
    {
      ...(defaults.oauth ? { store: defaults.oauth.store() } : {}),
      ...(log ? { log } : {}),
      ...definedFields({ requestTimeoutMs }),
      ...(fetch ? { fetch: (input: string, init?: RequestInit) => fetch(input, init) } : {}),
    },
  );
}

function oauthFor(server: ResolvedHttpServer, defaults: SessionDefaults): ConnectionAuth | undefined {
  const settings = server.oauth;
  if (!settings) return undefined;
  const { grant, privateKeyFile: _key, ...loopback } = settings;
  if (grant === 'client_credentials') return clientCredentialsFor(server, settings, defaults);
  const log = authLog(defaults.onLog);
  const oauth = defaults.oauth;
  return new LazyNodeOAuth({
    serverUrl: server.url,
    serverName: server.name,
    ...loopback,
    ...(grant !== undefined ? { grant } : {}),
    ...(oauth ? { tokenStore: oauth.store() } : {}),
    ...(oauth?.onSignIn ? { onSignIn: oauth.onSignIn } : {}),
    ...(oauth?.onDeviceCode ? { onDeviceCode: oauth.onDeviceCode } : {}),
    ...(oauth?.sleep ? { sleep: oauth.sleep } : {}),
    ...definedFields({ authTimeoutMs: oauth?.authTimeoutMs, interactive: oauth?.interactive }),
    // The client's request timeout bounds the authorization server's answers too: one deadline for every wait.
    ...definedFields({ requestTimeoutMs: server.requestTimeoutMs ?? defaults.requestTimeoutMs }),
    ...(log ? { log } : {}),
    ...(defaults.onEvent ? { emit: defaults.onEvent } : {}),
    ...(defaults.fetch ? { fetch: (input, init) => defaults.fetch!(input, init) } : {}),
  });
}

/** Turns a resolved server entry into the options of the core Connection that carries its session. */
export function connectionOptionsFor(server: ResolvedServer, defaults: SessionDefaults): ConnectionOptions {
  const options: ConnectionOptions = {
    serverName: server.name,
    ...definedFields({
      clientName: server.clientName ?? defaults.clientName,
      requestTimeoutMs: server.requestTimeoutMs ?? defaults.requestTimeoutMs,
      healthCheckIntervalMs: defaults.healthCheckIntervalMs,
      autoRetry: defaults.autoRetry,
      autoReconnect: defaults.autoReconnect,
      debug: defaults.debug,
      onLog: defaults.onLog,
      listChanged: defaults.listChanged,
      lists: defaults.lists,
      onElicitation: defaults.onElicitation,
      onSampling: defaults.onSampling,
      roots: defaults.roots,
    }),
  };
  if (server.kind === 'http') {
    const auth = oauthFor(server, defaults);
    return {
      ...options,
      url: server.url,
      headers: server.headers,
      ...(server.transportType !== undefined ? { transportType: server.transportType } : {}),
      ...(defaults.fetch !== undefined ? { fetch: defaults.fetch } : {}),
      ...(auth ? { auth } : {}),
    };
  }
  const env = childEnv(defaults.env, server.env);
  return {
    ...options,
    // Called once per connection attempt, so a reconnect starts a fresh child process.
    // The SDK's stdio transport (and cross-spawn) load with the first stdio session, not with every process.
    createTransport: async () =>
      (await import('./stdioTransport')).createStdioTransport(server, env, defaults.onServerStderr),
  };
}
