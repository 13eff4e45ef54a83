import type { ConnectionEnvironment } from './environment';
import type { KeepWatchOptions } from './liveClient';
import type { OpenClientParams } from './openClient';
import { LIST_NAMES } from './serverLists';
import type { ConnectionOptions } from './types';
import { VERSION } from './version';

export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;
export const DEFAULT_HEALTH_CHECK_INTERVAL_MS = 30_000;
export const DEFAULT_POLL_INTERVAL_MS = 30_000;
export const DEFAULT_CLIENT_NAME = 'mcp-use';

export function requestTimeoutOf(options: ConnectionOptions): number {
  return options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
}

type ClientSettings = Pick<
  OpenClientParams,
  | 'transportType'
  | 'headers'
  | 'fetch'
  | 'createTransport'
  | 'clientInfo'
  | 'auth'
  | 'onElicitation'
  | 'extensions'
  | 'onSampling'
  | 'roots'
  | 'timeoutMs'
>;

/** How the SDK client is set up for these options, defaults filled in. */
export function clientSettingsOf(options: ConnectionOptions): ClientSettings {
  return {
    transportType: options.transportType ?? 'auto',
    headers: options.headers ?? {},
    fetch: options.fetch,
    createTransport: options.createTransport,
    clientInfo: options.clientInfo ?? {
      name: options.clientName ?? DEFAULT_CLIENT_NAME,
      version: VERSION,
    },
    auth: options.auth,
    onElicitation: options.onElicitation,
    extensions: options.extensions,
    onSampling: options.onSampling,
    roots: options.roots,
    timeoutMs: requestTimeoutOf(options),
  };
}

/** How a ready connection keeps its lists current and notices a dead server, defaults filled in. */
export function watchSettingsOf(
  options: ConnectionOptions,
  environment: ConnectionEnvironment,
): KeepWatchOptions {
  return {
    wantsUpdates: options.listChanged !== false,
    lists: options.lists ?? LIST_NAMES,
    healthCheckIntervalMs: options.healthCheckIntervalMs ?? DEFAULT_HEALTH_CHECK_INTERVAL_MS,
    pollIntervalMs: options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS,
    focus: environment.focus,
    timeout: requestTimeoutOf(options),
  };
}
