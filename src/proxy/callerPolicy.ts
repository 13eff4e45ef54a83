/**
 * Who may call the proxy: pages of its own origin, and pages of `allowedOrigins`. Browsers say where a request
 * comes from (`Sec-Fetch-Site`, `Origin`), and a page elsewhere cannot even send the target header without a
 * CORS preflight, which is granted only to `allowedOrigins` — so another site cannot use a visitor's browser to
 * drive the app's proxy (cross-site request forgery). Callers that are not browsers can send anything; the
 * allow-list of hosts, and the app's own `authorize` check, are what hold against them.
 */
import { PROXY_AUTHORIZATION_HEADER, PROXY_REFUSED_HEADER, PROXY_TARGET_HEADER } from '../core/proxyWire';
import type { ProxyConfig } from './proxyOptions';

export const FORWARDED_METHODS = new Set(['GET', 'POST', 'DELETE']);

/** Request headers a browser may send to the upstream (besides its `Authorization`, which has its own header). */
export const FORWARDED_REQUEST_HEADERS = ['accept', 'content-type', 'last-event-id'];
/** The MCP headers (`mcp-protocol-version`, `mcp-session-id`, `mcp-method`, `mcp-name`, `mcp-param-*`). */
export const isMcpHeader = (name: string) => name.startsWith('mcp-') && !name.startsWith('mcp-use-');

/** Response headers a page may read from the upstream's answer. */
export const RELAYED_RESPONSE_HEADERS = [
  'content-type',
  'cache-control',
  'pragma',
  'expires',
  'retry-after',
  'content-language',
  'www-authenticate',
  'mcp-session-id',
  'mcp-protocol-version',
];

export type Caller = { ok: true; corsOrigin: string | undefined } | { ok: false };

/** Whether `request` comes from a page allowed to use the proxy, and the origin to grant CORS to if elsewhere. */
export function checkCaller(config: ProxyConfig, request: Request): Caller {
  const origin = request.headers.get('origin');
  if (origin && config.allowedOrigins.has(origin)) return { ok: true, corsOrigin: origin };
  const site = request.headers.get('sec-fetch-site');
  if (site) return site === 'same-origin' ? { ok: true, corsOrigin: undefined } : { ok: false };
  // A browser without Fetch Metadata still sends Origin on cross-origin requests.
  if (origin && origin !== new URL(request.url).origin) return { ok: false };
  return { ok: true, corsOrigin: undefined };
}

/** CORS headers for an answer to an allowed page elsewhere. */
export function corsHeaders(origin: string | undefined): Record<string, string> {
  if (!origin) return {};
  return {
    'access-control-allow-origin': origin,
    'access-control-expose-headers': [...RELAYED_RESPONSE_HEADERS, PROXY_REFUSED_HEADER].join(', '),
    vary: 'Origin',
  };
}

/** The answer to a CORS preflight from an allowed origin; undefined for any other OPTIONS request. */
export function preflight(config: ProxyConfig, request: Request): Response | undefined {
  const origin = request.headers.get('origin');
  if (!origin || !config.allowedOrigins.has(origin)) return undefined;
  return new Response(null, {
    status: 204,
    headers: {
      ...corsHeaders(origin),
      'access-control-allow-methods': [...FORWARDED_METHODS].join(', '),
      // The MCP headers are many and open-ended (`mcp-param-*`): the browser's list is granted when it only
      // names headers the proxy would forward anyway.
      'access-control-allow-headers': allowedRequestHeaders(request),
      'access-control-max-age': '600',
    },
  });
}

function allowedRequestHeaders(request: Request): string {
  const asked = (request.headers.get('access-control-request-headers') ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
  const ours = [PROXY_TARGET_HEADER, PROXY_AUTHORIZATION_HEADER, ...FORWARDED_REQUEST_HEADERS];
  return [...new Set([...ours, ...asked.filter(isMcpHeader)])].join(', ');
}
