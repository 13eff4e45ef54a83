/**
 * Which URLs the engine talks to, and sends the user to. All of them but the MCP server's own come out of a
 * server's answers — a 401's `resource_metadata`, `authorization_servers`, the endpoints of authorization-server
 * metadata — so a hostile server chooses them, and must not be able to aim the engine (or the user's browser)
 * into the user's machine or network: RFC 9728 §7.7, RFC 8414 §6, MCP security best practices, "Server-Side
 * Request Forgery (SSRF)". The rules:
 *
 * - The MCP server (the user's choice): https:, or plain http: on a loopback host (OAuth 2.1 §1.5).
 * - A URL a server named: https:; plain http: only on a loopback host, and only when the MCP server is on one
 *   too (a local development server with a local authorization server). Otherwise InsecureUrlError — the
 *   `http://127.0.0.1:…` of a remote server's metadata included.
 * - And it may not point closer in than the MCP server: loopback only for an MCP server on loopback, a private,
 *   link-local or unique-local address only for an MCP server on loopback or such an address. Otherwise
 *   PrivateNetworkUrlError. This holds for https: too: TLS authenticates a name, it does not stop the request —
 *   `https://127.0.0.1:…` or `https://169.254.169.254/…` still delivers a POST to whatever listens there — and
 *   no public authorization server names a private IP literal.
 *
 * Hosts are classified as the WHATWG URL parser leaves them, which has already turned every IPv4 spelling
 * (`2130706433`, `0x7f.1`, `0177.0.0.1`) into a dotted quad and IPv6 into compressed hex, IPv4-mapped included.
 * DNS names are not resolved: the engine runs on an injected fetch, a browser cannot resolve names, and a name
 * checked before the fetch resolves it again is open to DNS rebinding anyway. A name therefore counts as
 * public; deployments that face untrusted servers from inside a private network route the injected fetch
 * through an egress proxy (MCP security best practices, "Use Egress Proxies").
 */
import { allowInsecureRequests, customFetch } from 'oauth4webapi';
import { isLoopbackHost } from './clientMetadataUrl';
import { boundedFetch, requestSignal } from './boundedResponse';
import type { ResolvedOAuthEnv } from './env';
import { InsecureUrlError, type PrivateNetwork, PrivateNetworkUrlError } from './errors';

/** What a URL is for: named in errors and log entries, and it sets how much of an answer is read. */
export type UrlPurpose =
  | 'MCP server'
  | 'resource_metadata'
  | 'authorization server issuer'
  | 'authorization server metadata'
  | 'authorization_endpoint'
  | 'token_endpoint'
  | 'device_authorization_endpoint'
  | 'verification_uri'
  | 'registration_endpoint'
  | 'revocation_endpoint'
  | 'jwks_uri';

export { isLoopbackHost };

export type Network = PrivateNetwork | 'public';
const DEPTH: Record<Network, number> = { loopback: 0, private: 1, public: 2 };

/** IPv4 special-purpose blocks (RFC 6890): this host, private networks, shared, link-local, multicast. */
function ipv4Network(a: number, b: number): Network {
  // 0.0.0.0/8 reaches the local host on Linux and macOS.
  if (a === 127 || a === 0) return 'loopback';
  if (
    a === 10 ||
    (a === 172 && b >= 16 && b < 32) ||
    (a === 192 && b === 168) ||
    (a === 169 && b === 254) || // link-local, where cloud metadata services answer
    (a === 100 && b >= 64 && b < 128) || // RFC 6598 shared address space
    a >= 224 // multicast, reserved, broadcast
  ) {
    return 'private';
  }
  return 'public';
}

/** Where a host (as the URL parser leaves it) is: this machine, a private network, or anywhere else. */
export function networkOf(hostname: string): Network {
  let host = hostname.toLowerCase().replace(/\.$/, '');
  // IPv4-compatible (`::a.b.c.d`), IPv4-mapped (`::ffff:a.b.c.d`) and NAT64 (`64:ff9b::a.b.c.d`) addresses, which
  // the URL parser writes as two hex groups: as the IPv4 address they carry.
  const carried = /^\[(?:::(?:ffff:)?|64:ff9b::)([\da-f]+):([\da-f]+)\]$/.exec(host);
  if (carried) {
    const high = Number.parseInt(carried[1] as string, 16);
    const low = Number.parseInt(carried[2] as string, 16);
    host = `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
  }
  // `::`, `::1`; RFC 6761 §6.3: `localhost` and every name under it.
  if (/^\[::1?\]$|(^|\.)localhost$/.test(host)) return 'loopback';
  // fc00::/7 unique local, fe80::/10 link-local, fec0::/10 site-local, ff00::/8 multicast.
  if (/^\[f[c-f][\da-f]{2}:/.test(host)) return 'private';
  const v4 = /^(\d+)\.(\d+)\.\d+\.\d+$/.exec(host);
  return v4 ? ipv4Network(Number(v4[1]), Number(v4[2])) : 'public';
}

function parse(url: string | URL, purpose: UrlPurpose, serverUrl: string | undefined): URL {
  try {
    return new URL(url);
  } catch {
    throw new InsecureUrlError(String(url), purpose, serverUrl ? { serverUrl } : {});
  }
}

/** The MCP server's own URL: https:, or http: on a loopback host. */
export function assertServerUrl(serverUrl: string): URL {
  const url = parse(serverUrl, 'MCP server', undefined);
  if (url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname))) return url;
  throw new InsecureUrlError(url.href, 'MCP server', { serverUrl });
}

/**
 * The scheme rule alone for a URL that the answers of `serverUrl` named: https:, or plain http: on a loopback host
 * when the MCP server is on one too. Throws InsecureUrlError.
 */
export function assertSecureUrl(url: string | URL, purpose: UrlPurpose, serverUrl: string): URL {
  const target = parse(url, purpose, serverUrl);
  if (target.protocol === 'https:') return target;
  if (
    target.protocol === 'http:' &&
    isLoopbackHost(target.hostname) &&
    isLoopbackHost(new URL(serverUrl).hostname)
  ) {
    return target;
  }
  throw new InsecureUrlError(target.href, purpose, { serverUrl });
}

/**
 * A URL that the answers of `serverUrl` (or of its authorization server) named, checked against all the rules
 * above. Throws InsecureUrlError or PrivateNetworkUrlError.
 */
export function assertAllowedUrl(url: string | URL, purpose: UrlPurpose, serverUrl: string): URL {
  const target = assertSecureUrl(url, purpose, serverUrl);
  const network = networkOf(target.hostname);
  if (network !== 'public' && DEPTH[network] < DEPTH[networkOf(new URL(serverUrl).hostname)]) {
    throw new PrivateNetworkUrlError(target.href, purpose, network, { serverUrl });
  }
  return target;
}

/** oauth4webapi request options for an endpoint `serverUrl`'s answers named, checked first (assertAllowedUrl). */
export function requestOptions(
  url: string | URL,
  purpose: UrlPurpose,
  serverUrl: string,
  env: ResolvedOAuthEnv,
) {
  return checkedRequestOptions(assertAllowedUrl(url, purpose, serverUrl), purpose, serverUrl, env);
}

/**
 * oauth4webapi request options for an endpoint URL already checked: our fetch reading at most the purpose's
 * cap, the per-request timeout joined with the operation's abort signal, and `allowInsecureRequests` for the
 * loopback http: the rules let through (oauth4webapi refuses http: otherwise — NOTES.md).
 */
export function checkedRequestOptions(
  target: URL,
  purpose: UrlPurpose,
  serverUrl: string,
  env: ResolvedOAuthEnv,
) {
  return {
    [customFetch]: boundedFetch(purpose, serverUrl, env),
    ...(target.protocol === 'http:' ? { [allowInsecureRequests]: true } : {}),
    signal: requestSignal(env),
  };
}
