/**
 * RFC 9728 protected-resource metadata discovery, in the MCP authorization order: the URL from the 401's
 * `WWW-Authenticate: Bearer resource_metadata="…"` (§5.1), else the path-aware well-known URL
 * `/.well-known/oauth-protected-resource/<path>` (§3.1), else the root well-known URL.
 */
import {
  JSON_ATTRIBUTE_COMPARISON,
  OperationProcessingError,
  processResourceDiscoveryResponse,
  type ResourceServer,
  resourceDiscoveryRequest,
} from 'oauth4webapi';
import { emitStep } from './authEvents';
import { resourceMetadataFields } from './discoveryEvents';
import type { ResolvedOAuthEnv } from './env';
import { DiscoveryError, ResourceMismatchError, safeCause } from './errors';
import { askCandidate, type MetadataCandidate, metadataRequest } from './metadataRequest';
import { resourceMatchesServer } from './resourceIdentifier';
import { assertServerUrl, requestOptions } from './urlPolicy';

const PRM_STEP = { name: 'protected resource metadata', step: 'resource_metadata' } as const;

export interface ProtectedResourceDiscovery {
  metadata: ResourceServer;
  /** The URL the metadata was read from. */
  url: string;
}

/** The metadata URLs to try, in order, without duplicates. */
export function protectedResourceMetadataUrls(serverUrl: string, resourceMetadataUrl?: string): string[] {
  const server = new URL(serverUrl);
  const urls: string[] = [];
  if (resourceMetadataUrl) urls.push(new URL(resourceMetadataUrl, server).href);
  const path = server.pathname.replace(/\/$/, '');
  if (path) urls.push(new URL(`/.well-known/oauth-protected-resource${path}`, server.origin).href);
  urls.push(new URL('/.well-known/oauth-protected-resource', server.origin).href);
  return [...new Set(urls)];
}

function candidates(
  serverUrl: string,
  resourceMetadataUrl: string | undefined,
  env: ResolvedOAuthEnv,
): MetadataCandidate[] {
  const server = assertServerUrl(serverUrl);
  const wellKnown = new Set(protectedResourceMetadataUrls(serverUrl));
  return protectedResourceMetadataUrls(serverUrl, resourceMetadataUrl).map((url) => {
    // RFC 9728 §7.7: the URL a 401 names is the server's choice, checked by urlPolicy.ts like any other.
    if (!wellKnown.has(url)) {
      return { url, request: () => metadataRequest(url, 'resource_metadata', serverUrl, env) };
    }
    // oauth4webapi inserts the well-known segment before the identifier's path (RFC 9728 §3.1).
    const identifier =
      new URL(url).pathname === '/.well-known/oauth-protected-resource' ? new URL(server.origin) : server;
    const bare = new URL(identifier.href);
    bare.search = '';
    bare.hash = '';
    const options = () => requestOptions(bare, 'resource_metadata', serverUrl, env);
    return { url, request: () => resourceDiscoveryRequest(bare, options()) };
  });
}

/** Reads one metadata response; a `resource` naming another server is refused, not skipped. */
async function processCandidate(serverUrl: string, response: Response): Promise<ResourceServer> {
  try {
    return await processResourceDiscoveryResponse(new URL(serverUrl), response);
  } catch (error) {
    // oauth4webapi wants the identical URL; we also accept a parent path on the same origin (resourceIdentifier.ts).
    const body =
      error instanceof OperationProcessingError && error.code === JSON_ATTRIBUTE_COMPARISON
        ? (error.cause as { body?: ResourceServer }).body
        : undefined;
    if (body && typeof body.resource === 'string') {
      if (resourceMatchesServer(body.resource, serverUrl)) return body;
      throw new ResourceMismatchError(serverUrl, body.resource, { serverUrl });
    }
    throw error;
  }
}

/**
 * Finds the server's protected-resource metadata. Resolves undefined when no candidate URL has any (a
 * 2025-03-26 server); throws ResourceMismatchError for metadata about another resource, DiscoveryError for
 * metadata that names no authorization server.
 */
export async function discoverProtectedResource(
  serverUrl: string,
  resourceMetadataUrl: string | undefined,
  env: ResolvedOAuthEnv,
): Promise<ProtectedResourceDiscovery | undefined> {
  const tried: string[] = [];
  for (const candidate of candidates(serverUrl, resourceMetadataUrl, env)) {
    const { url } = candidate;
    tried.push(url);
    const started = env.now();
    const response = await askCandidate(candidate, PRM_STEP, env);
    if (!response) continue;
    let metadata: ResourceServer;
    try {
      metadata = await processCandidate(serverUrl, response);
    } catch (error) {
      emitStep(env, 'resource_metadata', { url }, { started, status: 200, error });
      if (error instanceof ResourceMismatchError) throw error;
      env.log('debug', 'unusable protected resource metadata', {
        url: candidate.url,
        error: safeCause(error),
      });
      continue;
    }
    // MCP authorization: the document MUST list at least one authorization server.
    if (!Array.isArray(metadata.authorization_servers) || metadata.authorization_servers.length === 0) {
      const error = new DiscoveryError(
        `Protected resource metadata at ${url} lists no authorization server`,
        {
          serverUrl,
          tried,
        },
      );
      emitStep(env, 'resource_metadata', resourceMetadataFields(url, metadata), {
        started,
        status: 200,
        error,
      });
      throw error;
    }
    emitStep(env, 'resource_metadata', resourceMetadataFields(url, metadata), { started, status: 200 });
    env.log('info', 'found protected resource metadata', { url, resource: metadata.resource });
    return { metadata, url: candidate.url };
  }
  env.log('info', 'no protected resource metadata; assuming a 2025-03-26 server', { serverUrl, tried });
  return undefined;
}
