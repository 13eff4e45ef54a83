import type { PriorDiscovery } from '@modelcontextprotocol/client';

/**
 * What a server turned out to speak, remembered for this page (or process) so that the next connection to it
 * skips the discovery round trips: an SSE-only server goes straight to SSE, a 2025 server skips the
 * `server/discover` probe, and a 2026-07-28 server reuses its discover result (zero round trips to connect).
 * Keyed by URL and the configured headers, since a discover result belongs to one authorization context.
 */
export type KnownProtocol = { transport: 'sse' } | { transport: 'http'; prior: PriorDiscovery };

const known = new Map<string, KnownProtocol>();

export function protocolKey(url: URL, headers: Record<string, string>): string {
  const sorted = Object.entries(headers).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([url.href, sorted]);
}

export const protocolMemory = {
  get: (key: string): KnownProtocol | undefined => known.get(key),
  remember: (key: string, protocol: KnownProtocol): void => {
    known.set(key, protocol);
  },
  forget: (key: string): void => {
    known.delete(key);
  },
};
