/**
 * Everything the client must learn about an MCP server before it can send the user to sign in: the resource
 * identifier and the authorization server's metadata. Results are cached in the store, keyed by the full
 * server URL, so a second sign-in skips the network.
 */
import type { AuthorizationServer } from 'oauth4webapi';
import {
  assertPkceSupported,
  authorizationServerMetadataUrls,
  discoverAuthorizationServer,
} from './discoverAuthorizationServer';
import { discoverProtectedResource } from './discoverProtectedResource';
import { reportCachedDiscovery, reportConfiguredMetadata } from './discoveryEvents';
import type { ResolvedOAuthEnv } from './env';
import { DiscoveryError } from './errors';
import { storeKeys } from './storeKeys';
import type { DiscoveryRecord } from './types';
import { assertAllowedUrl } from './urlPolicy';

/** Cached discovery is trusted this long; a 401 naming another metadata URL refreshes it sooner. */
export const DISCOVERY_TTL_MS = 24 * 60 * 60 * 1000;

export interface DiscoverServerInput {
  /** Canonical MCP server URL. */
  serverUrl: string;
  /** `resource_metadata` from the latest 401 challenge. */
  resourceMetadataUrl?: string;
  /** Pre-known authorization-server metadata: skips authorization-server discovery. */
  configuredMetadata?: AuthorizationServer;
  /** The `trustIssuer` setting (see discoverAuthorizationServer). */
  trustIssuer?: string;
}

/**
 * 2025-03-26 fallback when even the origin serves no metadata: the spec's default endpoints at the origin of
 * the MCP server, which then acts as its own authorization server.
 */
function defaultEndpoints(origin: string): AuthorizationServer {
  return {
    issuer: origin,
    authorization_endpoint: `${origin}/authorize`,
    token_endpoint: `${origin}/token`,
    registration_endpoint: `${origin}/register`,
    response_types_supported: ['code'],
    grant_types_supported: ['authorization_code', 'refresh_token'],
    // Assumed: the 2025-03-26 revision made PKCE S256 mandatory for these servers.
    code_challenge_methods_supported: ['S256'],
  };
}

/**
 * The endpoints the engine follows, or sends the user to, all checked before anything is cached or used
 * (urlPolicy.ts, RFC 8414 §6): a document naming one the MCP server may not point at is refused as a whole.
 */
const CHECKED_ENDPOINTS = [
  'authorization_endpoint',
  'token_endpoint',
  'registration_endpoint',
  'revocation_endpoint',
  'jwks_uri',
] as const;

function assertUsableEndpoints(as: AuthorizationServer, serverUrl: string): void {
  if (!as.authorization_endpoint || !as.token_endpoint) {
    throw new DiscoveryError(
      `Authorization server ${as.issuer} metadata lacks authorization_endpoint or token_endpoint`,
      { serverUrl },
    );
  }
  for (const name of CHECKED_ENDPOINTS) {
    const url = as[name];
    if (url !== undefined) assertAllowedUrl(url, name, serverUrl);
  }
}

async function runDiscovery(input: DiscoverServerInput, env: ResolvedOAuthEnv): Promise<DiscoveryRecord> {
  const { serverUrl, configuredMetadata } = input;
  const prm = await discoverProtectedResource(serverUrl, input.resourceMetadataUrl, env);
  const record = (partial: Omit<DiscoveryRecord, 'serverUrl' | 'savedAt'>): DiscoveryRecord => ({
    serverUrl,
    savedAt: env.now(),
    ...partial,
  });

  if (prm) {
    const listed = prm.metadata.authorization_servers ?? [];
    const base = {
      resource: prm.metadata.resource,
      resourceMetadataUrl: prm.url,
      resourceMetadata: prm.metadata,
    };
    if (configuredMetadata) {
      reportConfiguredMetadata(configuredMetadata, env);
      if (!listed.includes(configuredMetadata.issuer)) {
        env.log('warn', 'configured authorization server is not listed by the server', {
          issuer: configuredMetadata.issuer,
          listed,
        });
      }
      return record({ ...base, authorizationServer: configuredMetadata, source: 'configured' });
    }
    // RFC 9728 §7.6: choosing among several authorization servers is up to the client; we take the first.
    const issuer = listed[0] as string;
    const found = await discoverAuthorizationServer(
      issuer,
      serverUrl,
      env,
      input.trustIssuer !== undefined ? { trustIssuer: input.trustIssuer } : {},
    );
    if (!found) {
      throw new DiscoveryError(`No authorization server metadata found for ${issuer}`, {
        serverUrl,
        tried: authorizationServerMetadataUrls(issuer),
      });
    }
    return record({
      ...base,
      authorizationServer: found.metadata,
      source: 'protected_resource_metadata',
      ...(found.trusted ? { issuerNamedByServer: issuer } : {}),
    });
  }

  if (configuredMetadata) {
    reportConfiguredMetadata(configuredMetadata, env);
    return record({ resource: serverUrl, authorizationServer: configuredMetadata, source: 'configured' });
  }

  // 2025-03-26 servers: authorization-server metadata at the MCP server's origin, else the default endpoints.
  // That origin is an "authorization base URL" the client derived, not an issuer anyone named, so the metadata
  // may name an issuer elsewhere on the same origin (e.g. `<origin>/oauth`); that issuer is then used.
  const origin = new URL(serverUrl).origin;
  const found = await discoverAuthorizationServer(origin, serverUrl, env, { acceptIssuerOnSameOrigin: true });
  if (found) {
    return record({
      resource: serverUrl,
      authorizationServer: found.metadata,
      source: 'legacy_origin_metadata',
    });
  }
  env.log('info', 'no authorization server metadata at the origin; using default endpoints', { origin });
  return record({
    resource: serverUrl,
    authorizationServer: defaultEndpoints(origin),
    source: 'legacy_default_endpoints',
  });
}

export async function discoverServer(
  input: DiscoverServerInput,
  env: ResolvedOAuthEnv,
): Promise<DiscoveryRecord> {
  const key = storeKeys.discovery(input.serverUrl);
  const cached = await env.store.get<DiscoveryRecord>(key);
  const fresh = cached !== undefined && env.now() - cached.savedAt < DISCOVERY_TTL_MS;
  const askedMetadata = input.resourceMetadataUrl && new URL(input.resourceMetadataUrl, input.serverUrl).href;
  const sameMetadata = !askedMetadata || cached?.resourceMetadataUrl === askedMetadata;
  const sameConfig =
    !input.configuredMetadata || cached?.authorizationServer.issuer === input.configuredMetadata.issuer;
  // An issuer accepted by trust_issuer stays accepted only while the setting still names it.
  const stillTrusted =
    cached?.issuerNamedByServer === undefined || cached.authorizationServer.issuer === input.trustIssuer;
  if (cached && fresh && sameMetadata && sameConfig && stillTrusted) {
    // Checked again: the record may predate the current URL rules.
    assertUsableEndpoints(cached.authorizationServer, input.serverUrl);
    reportCachedDiscovery(cached, env);
    env.log('debug', 'using cached discovery', {
      serverUrl: input.serverUrl,
      issuer: cached.authorizationServer.issuer,
    });
    return cached;
  }

  const record = await runDiscovery(input, env);
  if (record.source !== 'legacy_default_endpoints') assertPkceSupported(record.authorizationServer);
  assertUsableEndpoints(record.authorizationServer, input.serverUrl);
  await env.store.set(key, record);
  return record;
}

export async function readCachedDiscovery(
  serverUrl: string,
  env: ResolvedOAuthEnv,
): Promise<DiscoveryRecord | undefined> {
  return env.store.get<DiscoveryRecord>(storeKeys.discovery(serverUrl));
}

export async function forgetDiscovery(serverUrl: string, env: ResolvedOAuthEnv): Promise<void> {
  await env.store.del(storeKeys.discovery(serverUrl));
}
