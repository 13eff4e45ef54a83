import type { PriorDiscovery } from '@modelcontextprotocol/client';

/**
 * What a server turned out to speak, remembered so that the next connection to it skips the discovery round
 * trips: an SSE-only server goes straight to SSE, a 2025 server skips the `server/discover` probe, and a
 * 2026-07-28 server reuses its discover result. Kept in memory, and in localStorage where there is one, so a
 * reloaded page connects at the protocol's minimum too. Keyed by URL and the names (never the values) of the
 * configured headers; a remembered verdict that no longer works is forgotten and negotiated afresh.
 */
export type KnownProtocol = { transport: 'sse' } | { transport: 'http'; prior: PriorDiscovery };

const STORAGE_PREFIX = 'mcp-use:protocol:';
const known = new Map<string, KnownProtocol>();

function persistent(): Storage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined; // storage disabled (privacy settings, sandboxed frame)
  }
}

function isKnownProtocol(value: unknown): value is KnownProtocol {
  const candidate = value as { transport?: unknown; prior?: { kind?: unknown } } | null;
  if (candidate?.transport === 'sse') return true;
  return (
    candidate?.transport === 'http' &&
    (candidate.prior?.kind === 'legacy' || candidate.prior?.kind === 'modern')
  );
}

export function protocolKey(url: URL, headers: Record<string, string>): string {
  const names = Object.keys(headers)
    .map((name) => name.toLowerCase())
    .sort();
  return JSON.stringify([url.href, names]);
}

export const protocolMemory = {
  get(key: string): KnownProtocol | undefined {
    const remembered = known.get(key);
    if (remembered) return remembered;
    try {
      const stored: unknown = JSON.parse(persistent()?.getItem(STORAGE_PREFIX + key) ?? 'null');
      if (!isKnownProtocol(stored)) return undefined;
      known.set(key, stored);
      return stored;
    } catch {
      return undefined;
    }
  },
  remember(key: string, protocol: KnownProtocol): void {
    known.set(key, protocol);
    try {
      persistent()?.setItem(STORAGE_PREFIX + key, JSON.stringify(protocol));
    } catch {
      // a full or disabled storage only costs the next page load a probe
    }
  },
  forget(key: string): void {
    known.delete(key);
    persistent()?.removeItem(STORAGE_PREFIX + key);
  },
};
