import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import type { RetryOption } from '../core/retryPolicy';
import type { ConnectionOptions, LogEntry } from '../core/types';
import type { EnvSource } from './config/envReferences';
import type { ResolvedServer } from './config/resolveServer';

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
  fetch?: ConnectionOptions['fetch'];
}

/** The child's environment: the client's own (usually process.env) with the entry's variables on top. */
function childEnv(base: EnvSource, own: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(base)) if (value !== undefined) env[name] = value;
  return Object.assign(env, own);
}

/** Turns a resolved server entry into the options of the core Connection that carries its session. */
export function connectionOptionsFor(server: ResolvedServer, defaults: SessionDefaults): ConnectionOptions {
  const clientName = server.clientName ?? defaults.clientName;
  const requestTimeoutMs = server.requestTimeoutMs ?? defaults.requestTimeoutMs;
  const options: ConnectionOptions = {
    serverName: server.name,
    ...(clientName !== undefined ? { clientName } : {}),
    ...(requestTimeoutMs !== undefined ? { requestTimeoutMs } : {}),
    ...(defaults.healthCheckIntervalMs !== undefined
      ? { healthCheckIntervalMs: defaults.healthCheckIntervalMs }
      : {}),
    ...(defaults.autoRetry !== undefined ? { autoRetry: defaults.autoRetry } : {}),
    ...(defaults.autoReconnect !== undefined ? { autoReconnect: defaults.autoReconnect } : {}),
    ...(defaults.debug !== undefined ? { debug: defaults.debug } : {}),
    ...(defaults.onLog !== undefined ? { onLog: defaults.onLog } : {}),
  };
  if (server.kind === 'http') {
    return {
      ...options,
      url: server.url,
      headers: server.headers,
      ...(server.transportType !== undefined ? { transportType: server.transportType } : {}),
      ...(defaults.fetch !== undefined ? { fetch: defaults.fetch } : {}),
    };
  }
  const env = childEnv(defaults.env, server.env);
  return {
    ...options,
    // Called once per connection attempt, so a reconnect starts a fresh child process.
    createTransport: () =>
      new StdioClientTransport({
        command: server.command,
        args: server.args,
        env,
        ...(server.cwd !== undefined ? { cwd: server.cwd } : {}),
      }),
  };
}
