import type { UseMcpOptions } from './useMcp';

function sortedEntries(record: Record<string, string> | undefined): [string, string][] {
  return Object.entries(record ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * The options that decide which connection to open, as a string. A component that passes a new-but-equal
 * `headers` object on every render gets the same key, and therefore keeps its connection.
 */
export function connectionKey(options: Omit<UseMcpOptions, 'url'> & { url?: string }): string {
  return JSON.stringify([
    options.url ?? null,
    sortedEntries(options.headers),
    options.transportType ?? 'auto',
    options.clientInfo ?? null,
    options.clientName ?? null,
    options.autoReconnect ?? null,
    options.autoRetry ?? null,
    options.requestTimeoutMs ?? null,
    options.healthCheckIntervalMs ?? null,
    options.debug ?? false,
    options.preventAutoAuth ?? true,
    options.listChanged ?? true,
    options.lists ?? null,
    // These decide the capabilities the client declares.
    Boolean(options.onElicitation),
    Boolean(options.onSampling),
    options.roots ?? null,
    Boolean(options.apps), // the UI extension (MCP Apps)
    options.maxStreamsPerOrigin ?? null,
    options.pollIntervalMs ?? null,
    // OAuth settings decide the client registration and where tokens live.
    options.callbackUrl ?? null,
    options.useRedirectFlow ?? false,
    options.clientId ?? null,
    options.clientSecret ?? null,
    options.clientMetadataUrl ?? null,
    options.scope ?? null,
    options.account ?? null,
    options.authTimeoutMs ?? null,
    options.tokenEndpointAuthMethod ?? null,
    sortedEntries(options.authorizationParams),
    options.resource ?? null,
    options.trustIssuer ?? null,
    options.useIdToken ?? false,
    options.oauthProxyUrl ?? null,
    options.proxyMcpRequests ?? false,
  ]);
}
