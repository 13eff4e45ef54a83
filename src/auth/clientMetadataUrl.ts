/**
 * Two URL rules configuration checks share with the OAuth engine, in a module of their own so that checking a
 * configuration loads no engine (no oauth4webapi): which hosts plain http: may use, and which URLs can be a
 * Client ID Metadata Document client id.
 */

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The hosts plain http: may use (the loopback names of MCP security best practices, "Enforce HTTPS"). */
export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname.toLowerCase());
}

/**
 * Whether `url` can serve as a Client ID Metadata Document client id (draft-ietf-oauth-client-id-metadata-document,
 * "Client Identifier"): an https URL with a path and no fragment (http: allowed on loopback hosts, for development).
 */
export function isClientMetadataDocumentUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    const secure =
      parsed.protocol === 'https:' || (parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname));
    return secure && parsed.pathname !== '/' && parsed.hash === '';
  } catch {
    return false;
  }
}
