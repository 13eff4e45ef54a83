import type { PriorDiscovery } from '@modelcontextprotocol/client';

/**
 * What a server turned out to speak, remembered so that the next connection to it skips the discovery round
 * trips: an SSE-only server goes straight to SSE, a 2025 server skips the `server/discover` probe, and a
 * 2026-07-28 server reuses its discover result. Kept in memory, and in the environment's storage where it has
 * one (localStorage in a browser), so a reloaded page connects at the protocol's minimum too. Keyed by URL and the names (never the values) of the
 * configured headers; a remembered verdict that no longer works is forgotten and negotiated afresh.
 */
export type KnownProtocol = { transport: 'sse' } | { transport: 'http'; prior: PriorDiscovery };

/** The part of the Web Storage API the memory persists through. */
export type ProtocolStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

const STORAGE_PREFIX = 'mcp-use:protocol:';
const known = new Map<string, KnownProtocol>();

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
  get(key: string, storage: ProtocolStorage | undefined): KnownProtocol | undefined {
    const remembered = known.get(key);
    if (remembered) return remembered;
    try {
      const stored: unknown = JSON.parse(storage?.getItem(STORAGE_PREFIX + key) ?? 'null');
      if (!isKnownProtocol(stored)) return undefined;
      known.set(key, stored);
      return stored;
    } catch {
      return undefined;
    }
  },
  remember(key: string, protocol: KnownProtocol, storage: ProtocolStorage | undefined): void {
    known.set(key, protocol);
    try {
      storage?.setItem(STORAGE_PREFIX + key, JSON.stringify(protocol));
    } catch {
      // a full or disabled storage only costs the next page load a probe
    }
  },
  forget(key: string, storage: ProtocolStorage | undefined): void {
    known.delete(key);
    try {
      storage?.removeItem(STORAGE_PREFIX + key);
    } catch {
      // a disabled storage has nothing to forget
    }
  },
};
