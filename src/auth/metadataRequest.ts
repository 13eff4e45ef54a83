/**
 * A plain metadata GET, for the metadata URLs oauth4webapi has no request function for: the RFC 9728 URL a
 * 401 names in `resource_metadata`, and the OIDC path-insertion form of authorization-server metadata. Shaped
 * like oauth4webapi's discovery requests (JSON accept header, no redirects followed, bounded time and size).
 */
import { McpUseError } from '../core/errors';
import { emitStep } from './authEvents';
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

/** Which metadata a discovery asks for: its name in log entries, and its step in events. */
export interface MetadataStep {
  name: string;
  step: 'resource_metadata' | 'as_metadata';
}

/** One metadata URL to try, and how to ask it. */
export interface MetadataCandidate {
  url: string;
  request(): Promise<Response>;
}

/**
 * Asks one candidate of a discovery sequence. Resolves its 200 answer, or undefined when the caller should go on
 * to the next candidate (the request failed, or any other status). A refusal of ours (a URL urlPolicy.ts does
 * not allow, an answer over its size cap) and the operation's abort end the discovery. A candidate that gives no
 * metadata is reported as its step, with its status or error; the caller reports the one that does.
 */
export async function askCandidate(
  candidate: MetadataCandidate,
  what: MetadataStep,
  env: ResolvedOAuthEnv,
): Promise<Response | undefined> {
  const { url } = candidate;
  const started = env.now();
  let response: Response;
  try {
    response = await candidate.request();
  } catch (error) {
    emitStep(env, what.step, { url }, { started, error });
    if (error instanceof McpUseError || env.signal?.aborted) throw error;
    env.log('debug', `${what.name} request failed`, { url, error: safeCause(error) });
    return undefined;
  }
  if (response.status === 200) return response;
  await discardBody(response);
  emitStep(env, what.step, { url }, { started, status: response.status });
  env.log('debug', `no ${what.name}`, { url, status: response.status });
  return undefined;
}
