/**
 * The MCP server's canonical URI, used as the RFC 8707 `resource` parameter and as the key of its tokens.
 * MCP authorization ("Canonical Server URI"): lowercase scheme and host, no fragment.
 */

export function canonicalServerUrl(serverUrl: string | URL): string {
  const url = new URL(serverUrl);
  url.hash = '';
  return url.href;
}

function withoutTrailingSlash(path: string): string {
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

/**
 * Whether protected-resource metadata announcing `resource` may speak for `serverUrl`: same origin, and the
 * server's path is the resource's path or lies below it (on a segment boundary). RFC 9728 §3.3 asks for the
 * identical URL; the prefix allowance accepts servers that name their origin or a parent path as the resource,
 * which is common, without letting another origin or a sibling path claim the server.
 */
export function resourceMatchesServer(resource: string, serverUrl: string): boolean {
  let announced: URL;
  let server: URL;
  try {
    announced = new URL(resource);
    server = new URL(serverUrl);
  } catch {
    return false;
  }
  if (announced.origin !== server.origin || announced.hash !== '') return false;
  if (announced.search !== '' && announced.search !== server.search) return false;
  const base = withoutTrailingSlash(announced.pathname);
  const path = withoutTrailingSlash(server.pathname);
  if (base === '/' || base === path) return true;
  return path.startsWith(`${base}/`);
}
