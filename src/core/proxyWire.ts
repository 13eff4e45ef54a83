/**
 * The wire format between a browser and the app's own proxy (`mcp-use/proxy`), both ends of it in one place
 * (the browser's side of a request is fetchThroughProxy.ts).
 *
 * A request for `https://auth.example.com/token` goes, with its method, headers and body, to the proxy's URL
 * instead. The target travels in a header, not in the path or query, so the proxy answers at whatever path it is
 * mounted and the target never lands in access logs; and since it is a custom header, a page on another origin
 * cannot send it without a CORS preflight, which the proxy grants only to origins it is configured for.
 *
 * The upstream `Authorization` travels in a header of its own. A plain `Authorization` on a request to the app's
 * origin belongs to the app (a browser even adds cached HTTP credentials for that origin by itself); the proxy
 * never forwards it, so credentials only ever go to the host they were meant for.
 */
/** The absolute URL the proxied request is for. */
export const PROXY_TARGET_HEADER = 'mcp-use-proxy-target';
/** The `Authorization` value for the target. */
export const PROXY_AUTHORIZATION_HEADER = 'mcp-use-proxy-authorization';
/** Set on the proxy's own refusals (never on an upstream answer), with a {@link ProxyRefusal}. */
export const PROXY_REFUSED_HEADER = 'mcp-use-proxy-refused';

/** Why a proxy refused a request, as its refusal header names it. */
export type ProxyRefusal =
  /** No target header, or one that is not an absolute http(s) URL (or carries user:password@). */
  | 'invalid_target'
  /** Plain http: to a host that is not a listed loopback host with `allowHttp`. */
  | 'insecure_target'
  /** The target's host (and port) is not in `allowedHosts`. */
  | 'host_not_allowed'
  /** The target is a loopback, private or link-local address, and `allowPrivateNetwork` is off. */
  | 'private_network'
  | 'method_not_allowed'
  /** A page on another origin, not in `allowedOrigins`. */
  | 'origin_not_allowed'
  /** The app's `authorize` hook said no. */
  | 'unauthorized'
  | 'request_too_large'
  | 'response_too_large'
  /** The target answered with a redirect, which the proxy does not follow. */
  | 'redirect'
  | 'upstream_timeout'
  | 'upstream_unreachable'
  /** The proxy's own setup is wrong (e.g. a body parser ran before it). */
  | 'misconfigured';
