/**
 * Which URLs the engine will talk to. OAuth 2.1 §1.5 requires TLS for every endpoint; the one exception we make
 * is plain http: on loopback hosts, where nothing leaves the machine (local development and tests).
 */
import { allowInsecureRequests, customFetch } from 'oauth4webapi';
import type { ResolvedOAuthEnv } from './env';
import { InsecureUrlError } from './errors';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname.toLowerCase());
}

/** Parses and checks a URL: https: anywhere, http: on loopback only; anything else throws InsecureUrlError. */
export function assertAllowedUrl(url: string | URL, purpose: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InsecureUrlError(String(url), purpose);
  }
  if (parsed.protocol === 'https:') return parsed;
  if (parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname)) return parsed;
  throw new InsecureUrlError(parsed.href, purpose);
}

/**
 * oauth4webapi request options for one URL: our fetch, a timeout, and `allowInsecureRequests` only when the
 * URL is loopback http: (oauth4webapi refuses http: otherwise — NOTES.md).
 */
export function requestOptions(url: URL, env: ResolvedOAuthEnv) {
  return {
    [customFetch]: env.fetch,
    ...(url.protocol === 'http:' && isLoopbackHost(url.hostname) ? { [allowInsecureRequests]: true } : {}),
    signal: AbortSignal.timeout(env.requestTimeoutMs),
  };
}
