import type { RecordedRequest } from './network';

/**
 * What a request is, in the terms the protocol floor is written in. `key` groups requests for the comparison
 * with the floor (e.g. every MCP request refused with 401 is one key); `label` says exactly what it was.
 */
export interface Classified {
  key: string;
  label: string;
  /** Counted against the floor; page loads, the AS's own sign-in pages and preflights are shown but not judged. */
  judged: boolean;
  request: RecordedRequest;
}

export interface Origins {
  app: string;
  /** Origins of the MCP servers in play. */
  mcp: string[];
  /** The authorization server's origin, when OAuth is in play. */
  authorizationServer?: string;
}

const PAGE_TYPES = new Set(['document', 'script', 'stylesheet', 'image', 'font', 'other']);

function classifyMcp(request: RecordedRequest): { key: string; label: string } {
  const status = request.status;
  if (request.method === 'GET') return { key: 'GET stream', label: `GET stream → ${status ?? 'pending'}` };
  if (request.method === 'DELETE') return { key: 'DELETE session', label: `DELETE session → ${status}` };
  const rpc = request.rpcMethods.join('+') || request.method;
  if (status === 401) return { key: 'MCP request → 401', label: `${rpc} → 401` };
  // A refused request (e.g. the 2026-07-28 probe on a 2025 server) is its own key: it is never in the floor.
  if (status !== undefined && status >= 400)
    return { key: `${rpc} → ${status}`, label: `${rpc} → ${status}` };
  return { key: rpc, label: rpc };
}

function classifyAuthorizationServer(request: RecordedRequest, path: string): { key: string; label: string } {
  if (path.startsWith('/.well-known/')) return { key: 'AS metadata', label: `AS metadata ${path}` };
  if (request.method === 'POST' && path === '/token') {
    const grant = request.grantType ?? 'unknown grant';
    return { key: `token (${grant})`, label: `token (${grant}) → ${request.status ?? 'pending'}` };
  }
  if (path === '/reg') return { key: 'registration', label: `registration → ${request.status ?? 'pending'}` };
  if (path === '/token/revocation') return { key: 'revocation', label: 'revocation' };
  return { key: `AS ${request.method} ${path}`, label: `AS ${request.method} ${path}` };
}

/** Sorts one request into its kind. Unknown origins are kept (and judged) so nothing unexpected hides. */
export function classify(request: RecordedRequest, origins: Origins): Classified {
  const url = new URL(request.url);
  const path = url.pathname;
  if (request.resourceType === 'preflight') {
    return { key: 'preflight', label: `preflight ${url.host}${path}`, judged: false, request };
  }
  if (url.origin === origins.app) {
    const label = path === '/callback' ? 'callback page' : `page asset ${path}`;
    return { key: label, label, judged: false, request };
  }
  if (url.origin === origins.authorizationServer) {
    // The popup's navigations (authorize, the AS's login/consent redirects) are the AS's UI, not client requests.
    if (PAGE_TYPES.has(request.resourceType)) {
      const first = path === '/auth' && url.searchParams.has('client_id');
      return {
        key: first ? 'authorization request' : 'AS sign-in pages',
        label: first ? 'authorization request (popup)' : `AS page ${path.replace(/\/[^/]{16,}/g, '/…')}`,
        judged: first,
        request,
      };
    }
    return { ...classifyAuthorizationServer(request, path), judged: true, request };
  }
  if (origins.mcp.includes(url.origin)) {
    if (path.startsWith('/.well-known/oauth-protected-resource')) {
      return { key: 'PRM', label: `protected-resource metadata ${path}`, judged: true, request };
    }
    if (path.startsWith('/.well-known/')) {
      return { key: 'AS metadata', label: `AS metadata at the MCP origin ${path}`, judged: true, request };
    }
    return { ...classifyMcp(request), judged: true, request };
  }
  return {
    key: `other ${url.host}${path}`,
    label: `other ${request.method} ${request.url}`,
    judged: true,
    request,
  };
}

export type Era = 'modern' | 'legacy';

/** Which phase of a sign-in (or plain connection) the requests belong to. */
export type Phase =
  /** Bearer header, or tokens already stored: straight to ready. */
  | 'connect'
  /** First sign-in, mount → pending_auth: the 401, discovery, registration, the prepared authorization URL. */
  | 'cold-prepare'
  /** Sign-in again with discovery and registration cached (after logout): mount → pending_auth. */
  | 'cached-prepare'
  /** The click → ready: the popup's authorization, the code exchange, then a plain connection. */
  | 'after-click';

export interface Floor {
  counts: Record<string, number>;
  /** Sequential round trips the protocol cannot avoid (preflights aside). */
  sequential: number;
  why: string;
}

/** Lists the hook exposes, asked for only when the server advertises them (MCP `capabilities`). */
function listMethods(capabilities: Record<string, unknown> | undefined): string[] {
  const methods: string[] = [];
  if (capabilities?.tools) methods.push('tools/list');
  if (capabilities?.resources) methods.push('resources/list', 'resources/templates/list');
  if (capabilities?.prompts) methods.push('prompts/list');
  return methods;
}

function hasListChanged(capabilities: Record<string, unknown> | undefined): boolean {
  return ['tools', 'resources', 'prompts'].some(
    (name) => (capabilities?.[name] as { listChanged?: boolean } | undefined)?.listChanged === true,
  );
}

/**
 * The fewest requests of each kind, and the fewest sequential round trips, that the protocols allow for a
 * connection that ends with every advertised list loaded and list-changed updates flowing:
 * - 2026-07-28: `server/discover`, then the lists in parallel (2 round trips); one `subscriptions/listen`
 *   stream alongside. With the era remembered from an earlier visit the discover goes too (1).
 * - 2025: `initialize`, `notifications/initialized`, then the lists (3 round trips); one GET stream alongside.
 *   A client that speaks both eras and has not met the server yet must ask first: one `server/discover` probe,
 *   answered 400 by a 2025 server (4 round trips).
 * - OAuth first sign-in (MCP authorization spec): one request answered 401 (its `resource_metadata` names the
 *   PRM), the PRM, the AS metadata (RFC 8414), one registration (DCR; none with a pre-registered client or
 *   CIMD): 4 round trips before the URL is ready. After the user: one code exchange, then a plain connection
 *   (the 401 told nothing of the era, so a first sign-in still probes).
 * - Signing in again with discovery and registration cached: the 401 alone before the URL is ready.
 *
 * `eraKnown`: the page had met this server before (what it speaks is remembered), so no probe is needed.
 */
export function protocolFloor(
  era: Era,
  phase: Phase,
  capabilities: Record<string, unknown> | undefined,
  eraKnown = false,
): Floor {
  const counts: Record<string, number> = {};
  const connect = () => {
    if (era === 'modern') {
      if (!eraKnown) counts['server/discover'] = 1;
      if (hasListChanged(capabilities)) counts['subscriptions/listen'] = 1;
    } else {
      if (!eraKnown) counts['server/discover → 400'] = 1;
      counts.initialize = 1;
      counts['notifications/initialized'] = 1;
      if (hasListChanged(capabilities)) counts['GET stream'] = 1;
    }
    for (const method of listMethods(capabilities)) counts[method] = 1;
  };
  const steps =
    era === 'modern'
      ? [...(eraKnown ? [] : ['discover']), 'lists']
      : [...(eraKnown ? [] : ['probe (400)']), 'initialize', 'initialized', 'lists'];
  switch (phase) {
    case 'connect':
      connect();
      return { counts, sequential: steps.length, why: steps.join(' → ') };
    case 'cold-prepare':
      Object.assign(counts, { 'MCP request → 401': 1, PRM: 1, 'AS metadata': 1, registration: 1 });
      return { counts, sequential: 4, why: '401 → PRM → AS metadata → registration' };
    case 'cached-prepare':
      counts['MCP request → 401'] = 1;
      return { counts, sequential: 1, why: '401 (discovery and registration cached)' };
    case 'after-click':
      connect();
      Object.assign(counts, { 'authorization request': 1, 'token (authorization_code)': 1 });
      return { counts, sequential: 1 + steps.length, why: ['code exchange', ...steps].join(' → ') };
  }
}

export interface KindCount {
  key: string;
  count: number;
  floor: number;
  labels: string[];
}

export interface Judgement {
  kinds: KindCount[];
  /** Identical requests made more than once (same method, URL, JSON-RPC method, status and credentials). */
  duplicates: string[];
  /** Kinds seen more often than the floor allows (duplicates included). */
  beyondFloor: string[];
  preflights: number;
}

/** Compares what was recorded with the floor: counts per kind, duplicates, and everything beyond the floor. */
export function judge(classified: Classified[], floor: Floor): Judgement {
  const byKey = new Map<string, Classified[]>();
  for (const item of classified) {
    const list = byKey.get(item.key) ?? [];
    list.push(item);
    byKey.set(item.key, list);
  }
  const keys = new Set([...Object.keys(floor.counts), ...byKey.keys()]);
  const kinds: KindCount[] = [...keys].map((key) => {
    const items = byKey.get(key) ?? [];
    const labels = [...new Set(items.map((item) => item.label))];
    return { key, count: items.length, floor: floor.counts[key] ?? 0, labels };
  });
  const identical = new Map<string, number>();
  for (const item of classified) {
    if (!item.judged) continue;
    const r = item.request;
    const id = [r.method, r.url, r.rpcMethods.join('+'), r.grantType, r.status, r.hasAuthorization].join(' ');
    identical.set(id, (identical.get(id) ?? 0) + 1);
  }
  const duplicates = [...identical]
    .filter(([, count]) => count > 1)
    .map(([id, count]) => `${count}× ${id.replace(/\s+/g, ' ').trim()}`);
  const judgedKeys = new Set(classified.filter((item) => item.judged).map((item) => item.key));
  const beyondFloor = kinds
    .filter((kind) => judgedKeys.has(kind.key) && kind.count > kind.floor)
    .map((kind) => `${kind.key}: ${kind.count} (floor ${kind.floor})`);
  return {
    kinds,
    duplicates,
    beyondFloor,
    preflights: classified.filter((item) => item.key === 'preflight').length,
  };
}
