/**
 * The servers the inspector knows: the demo servers `npm run playground` started (one-click entries) and the ones
 * added by URL, remembered in localStorage. An entry holds what `useMcp` takes for it; a bearer token stays in
 * this page's storage, as a developer tool's would.
 */
export type TransportChoice = 'auto' | 'http' | 'sse';

export interface ServerEntry {
  id: string;
  name: string;
  url: string;
  transportType?: TransportChoice;
  bearer?: string;
  /** Extra request headers, one `Name: value` per line. */
  headers?: string;
  clientId?: string;
  clientMetadataUrl?: string;
  scope?: string;
  /** Which of the user's accounts on this server (each has its own tokens). */
  account?: string;
  callbackUrl?: string;
  /** Extra authorization-request parameters, one `name=value` a line. */
  authorizationParams?: string;
  /** The RFC 8707 resource: a URL to send instead, or `omit` to leave it out. */
  resource?: string;
  trustIssuer?: string;
  oauthProxyUrl?: string;
  proxyMcpRequests?: boolean;
  useRedirectFlow?: boolean;
  /** Shown as a panel. */
  open?: boolean;
  demo?: boolean;
}

const KEY = 'mcp-use-inspector:servers';

export const demoServers: ServerEntry[] = (
  (import.meta.env.VITE_DEMO_SERVERS as unknown as Omit<ServerEntry, 'id'>[] | undefined) ?? []
).map((entry) => ({ ...entry, id: `demo:${entry.name}`, demo: true }));

export function loadServers(): ServerEntry[] {
  try {
    const saved = JSON.parse(localStorage.getItem(KEY) ?? '[]') as unknown;
    return Array.isArray(saved)
      ? saved.filter((entry): entry is ServerEntry => typeof entry?.url === 'string')
      : [];
  } catch {
    return [];
  }
}

export function saveServers(servers: readonly ServerEntry[]): void {
  localStorage.setItem(KEY, JSON.stringify(servers));
}

export function newId(): string {
  return crypto.randomUUID();
}

/** `Name: value` lines as a header record (lines without a colon are left out). */
export function parseHeaders(text: string | undefined, bearer: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of (text ?? '').split('\n')) {
    const at = line.indexOf(':');
    if (at > 0) headers[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  if (bearer) headers.Authorization = `Bearer ${bearer}`;
  return headers;
}

/** `name=value` lines as authorization parameters (lines without `=` are left out). */
export function parseParams(text: string | undefined): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (const line of (text ?? '').split('\n')) {
    const at = line.indexOf('=');
    if (at > 0) params[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return Object.keys(params).length > 0 ? params : undefined;
}

/** The server's name for a URL typed in: its host and path. */
export function nameFor(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`;
  } catch {
    return url;
  }
}
