/** The browser's side of the proxy's wire format (proxyWire.ts): a request rewritten to go through the proxy. */
import { PROXY_AUTHORIZATION_HEADER, PROXY_TARGET_HEADER } from './proxyWire';

type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

/** `fetch`, with every request sent through the proxy at `proxyUrl` instead of to its own URL. */
export function fetchThroughProxy(
  proxyUrl: string,
  fetch: Fetch,
): (input: string | URL, init?: RequestInit) => Promise<Response> {
  return (input, init) => {
    const headers = new Headers(init?.headers);
    const authorization = headers.get('authorization');
    headers.delete('authorization');
    if (authorization !== null) headers.set(PROXY_AUTHORIZATION_HEADER, authorization);
    headers.set(PROXY_TARGET_HEADER, String(input));
    return fetch(proxyUrl, { ...init, headers });
  };
}
