/**
 * The request that goes upstream, built from the page's request: the method, the headers an OAuth leg or an MCP
 * request needs and nothing else (no Cookie, no Origin or Referer of the app, no hop-by-hop or forwarding
 * headers, not the app's own `Authorization`), a body read up to the cap, the configured client's credentials
 * where they belong, and no redirect followed.
 */
import { readAtMost } from '../auth/boundedResponse';
import { PROXY_AUTHORIZATION_HEADER, type ProxyRefusal } from '../core/proxyWire';
import { FORWARDED_REQUEST_HEADERS, isMcpHeader } from './callerPolicy';
import { authenticateClient } from './clientCredentials';
import { clientFor, type ProxyConfig, type ProxyLogEntry } from './proxyOptions';

export type Outgoing =
  | { ok: true; init: RequestInit; clientAuthentication?: ProxyLogEntry['clientAuthentication'] }
  | { ok: false; refusal: ProxyRefusal; message: string };

function upstreamHeaders(request: Request): Headers {
  const headers = new Headers();
  request.headers.forEach((value, name) => {
    if (FORWARDED_REQUEST_HEADERS.includes(name) || isMcpHeader(name)) headers.set(name, value);
  });
  const authorization = request.headers.get(PROXY_AUTHORIZATION_HEADER);
  if (authorization !== null) headers.set('authorization', authorization);
  return headers;
}

async function requestBody(request: Request, limit: number): Promise<Blob | undefined | 'too_large'> {
  if (request.method === 'GET' || !request.body) return undefined;
  if (Number(request.headers.get('content-length')) > limit) {
    await request.body.cancel().catch(() => undefined);
    return 'too_large';
  }
  const chunks = await readAtMost(request.body, limit);
  return chunks ? new Blob(chunks) : 'too_large';
}

export async function outgoingRequest(config: ProxyConfig, request: Request, target: URL): Promise<Outgoing> {
  const body = await requestBody(request, config.maxRequestBytes);
  if (body === 'too_large') {
    return {
      ok: false,
      refusal: 'request_too_large',
      message: `The request body is over ${config.maxRequestBytes} bytes`,
    };
  }
  const headers = upstreamHeaders(request);
  const client = clientFor(config, target);
  const authenticated = client && body ? authenticateClient(client, await body.text(), headers) : undefined;
  return {
    ok: true,
    init: {
      method: request.method.toUpperCase(),
      headers,
      ...(authenticated ? { body: authenticated.body } : body ? { body } : {}),
      // A redirect could lead anywhere, the Authorization header with it: it is refused, not followed.
      redirect: 'manual',
    },
    ...(authenticated ? { clientAuthentication: authenticated.method } : {}),
  };
}
