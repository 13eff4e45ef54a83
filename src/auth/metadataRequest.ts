/**
 * A plain metadata GET, for the metadata URLs oauth4webapi has no request function for: the RFC 9728 URL a
 * 401 names in `resource_metadata`, and the OIDC path-insertion form of authorization-server metadata. Shaped
 * like oauth4webapi's discovery requests (JSON accept header, no redirects followed, bounded time and size).
 */
import { McpUseError } from '../core/errors';
import { boundedFetch, requestSignal } from './boundedResponse';
import type { ResolvedOAuthEnv } from './env';
import { safeCause } from './errors';
import { assertAllowedUrl, type UrlPurpose } from './urlPolicy';

/** GETs `url`, which the answers of the MCP server `serverUrl` named (checked by urlPolicy.ts first). */
export function metadataRequest(
  url: string,
  purpose: UrlPurpose,
  serverUrl: string,
  env: ResolvedOAuthEnv,
): Promise<Response> {
  const target = assertAllowedUrl(url, purpose, serverUrl);
  return boundedFetch(
    purpose,
    serverUrl,
    env,
  )(target.href, {
    method: 'GET',
    headers: { accept: 'application/json' },
    redirect: 'manual',
    signal: requestSignal(env),
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

/** One metadata URL to try, and how to ask it. */
export interface MetadataCandidate {
  url: string;
  request(): Promise<Response>;
}

/**
 * Asks one candidate of a discovery sequence. Resolves its 200 answer, or undefined when the caller should go on
 * to the next candidate (the request failed, or any other status). A refusal of ours (a URL urlPolicy.ts does
 * not allow, an answer over its size cap) and the operation's abort end the discovery. `what` names the
 * metadata in log entries.
 */
export async function askCandidate(
  candidate: MetadataCandidate,
  what: string,
  env: ResolvedOAuthEnv,
): Promise<Response | undefined> {
  let response: Response;
  try {
    response = await candidate.request();
  } catch (error) {
    if (error instanceof McpUseError || env.signal?.aborted) throw error;
    env.log('debug', `${what} request failed`, { url: candidate.url, error: safeCause(error) });
    return undefined;
  }
  if (response.status === 200) return response;
  await discardBody(response);
  env.log('debug', `no ${what}`, { url: candidate.url, status: response.status });
  return undefined;
}
