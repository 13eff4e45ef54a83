import { PROXY_REFUSED_HEADER, type ProxyRefusal } from '../core/proxyWire';

const STATUS: Record<ProxyRefusal, number> = {
  invalid_target: 400,
  insecure_target: 403,
  host_not_allowed: 403,
  private_network: 403,
  method_not_allowed: 405,
  origin_not_allowed: 403,
  unauthorized: 403,
  request_too_large: 413,
  response_too_large: 502,
  redirect: 502,
  upstream_timeout: 504,
  upstream_unreachable: 502,
  misconfigured: 500,
};

/**
 * The proxy's own answer when it does not forward a request. The refusal header tells it apart from anything
 * an upstream says (upstream answers never carry it: see relayResponse.ts); the JSON body is for people reading
 * it in a network panel or with curl. `message` never holds anything from the request beyond the target's host.
 */
export function refusalResponse(
  refusal: ProxyRefusal,
  message: string,
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify({ error: 'proxy_refused', reason: refusal, message }), {
    status: STATUS[refusal],
    headers: {
      ...headers,
      'content-type': 'application/json',
      'cache-control': 'no-store',
      [PROXY_REFUSED_HEADER]: refusal,
    },
  });
}
