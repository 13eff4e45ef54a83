/**
 * Why a browser fetch failed, when the browser will not say. A request an endpoint's CORS headers do not allow
 * rejects with the same bare TypeError as a network failure, so the endpoint is asked again in `no-cors` mode,
 * which any origin may use and whose answer the page cannot read: if that answer arrives, the endpoint is up and
 * it is CORS that keeps it from the page. Loaded only when a fetch has failed.
 */
import { PROXY_REFUSED_HEADER, PROXY_TARGET_HEADER, type ProxyRefusal } from '../core/proxyWire';
import { CorsBlockedError, ProxyRefusedError } from './errors';

/** The endpoint a message names: its query may hold anything. */
const endpoint = (url: string) => {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
};

/** How long the reachability check may take before the failure counts as a network one. */
const PROBE_TIMEOUT_MS = 5_000;

/** Whether `url` answers at all: an opaque `no-cors` HEAD, without credentials, that reads nothing. */
async function reachable(url: string): Promise<boolean> {
  try {
    await fetch(url, {
      method: 'HEAD',
      mode: 'no-cors',
      credentials: 'omit',
      cache: 'no-store',
      signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
    });
    return true;
  } catch {
    return false;
  }
}

/**
 * The CORS block behind a failed fetch, or undefined for anything else: an abort, a same-origin request, a
 * network failure (the endpoint does not answer a no-cors request either).
 */
export async function failedFetch(
  url: string,
  init: RequestInit | undefined,
  error: unknown,
): Promise<CorsBlockedError | undefined> {
  const page = window.location;
  if (
    !(error instanceof TypeError) ||
    init?.signal?.aborted ||
    new URL(url, page.href).origin === page.origin
  )
    return undefined;
  if (!(await reachable(url))) return undefined;
  return new CorsBlockedError(
    `${endpoint(url)} is up, but its answer is withheld from this page (${page.origin}): it sends no CORS ` +
      'headers for this origin, or its preflight refuses the request. A browser cannot call it directly: ' +
      'route the requests through your backend with oauthProxyUrl (mcp-use/proxy; proxyMcpRequests for the ' +
      'MCP server itself)',
    url,
    page.origin,
  );
}

/** The proxy's refusal as a typed error (its refusal header: only the proxy's own answers carry it). */
export async function refusal(response: Response, url: string, init: RequestInit | undefined) {
  await response.body?.cancel().catch(() => undefined);
  const reason = response.headers.get(PROXY_REFUSED_HEADER) as ProxyRefusal;
  const target = new Headers(init?.headers).get(PROXY_TARGET_HEADER) ?? url;
  return new ProxyRefusedError(
    `The app's proxy refused the request to ${endpoint(target)} (${reason})`,
    reason,
    target,
    { status: response.status },
  );
}
