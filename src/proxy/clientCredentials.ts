/**
 * The confidential client's secret, added on the server so it is never in a page (OAuth 2.1 §2.1: a browser
 * app cannot keep a secret). It goes only into the requests that authenticate the client — a form POST naming
 * the configured `client_id` with a `grant_type` (token endpoint, RFC 6749 §3.2) or a `token` (revocation,
 * RFC 7009 §2.1) — to the authorization server it is configured for, and replaces any client authentication the
 * page sent.
 */
import { basicAuthorization } from '../auth/clientAuthentication';
import type { ProxyClient } from './proxyOptions';

const FORM = 'application/x-www-form-urlencoded';

export interface AuthenticatedRequest {
  body: string;
  method: 'client_secret_basic' | 'client_secret_post';
}

/**
 * The body (and `headers`, updated) of a request that `client` authenticates; undefined, with nothing changed,
 * when the request is not one of those.
 */
export function authenticateClient(
  client: ProxyClient,
  body: string,
  headers: Headers,
): AuthenticatedRequest | undefined {
  if (!(headers.get('content-type') ?? '').toLowerCase().startsWith(FORM)) return undefined;
  const form = new URLSearchParams(body);
  if (form.get('client_id') !== client.clientId) return undefined;
  if (!form.has('grant_type') && !form.has('token')) return undefined;
  for (const name of ['client_secret', 'client_assertion', 'client_assertion_type']) form.delete(name);
  const method = client.tokenEndpointAuthMethod ?? 'client_secret_basic';
  if (method === 'client_secret_post') {
    headers.delete('authorization');
    form.set('client_secret', client.clientSecret);
  } else {
    headers.set('authorization', basicAuthorization(client.clientId, client.clientSecret));
  }
  return { body: form.toString(), method };
}
