/**
 * A plain metadata GET, for the metadata URLs oauth4webapi has no request function for: the RFC 9728 URL a
 * 401 names in `resource_metadata`, and the OIDC path-insertion form of authorization-server metadata. Shaped
 * like oauth4webapi's discovery requests (JSON accept header, no redirects followed, bounded time).
 */
import type { ResolvedOAuthEnv } from './env';
import { assertAllowedUrl } from './urlPolicy';

export function metadataRequest(url: string, purpose: string, env: ResolvedOAuthEnv): Promise<Response> {
  const target = assertAllowedUrl(url, purpose);
  return env.fetch(target.href, {
    method: 'GET',
    headers: { accept: 'application/json' },
    redirect: 'manual',
    signal: AbortSignal.timeout(env.requestTimeoutMs),
  });
}

/** Lets the connection go without reading a body we do not want. */
export async function discardBody(response: Response | undefined): Promise<void> {
  try {
    await response?.body?.cancel();
  } catch {
    // Nothing to release.
  }
}
