/**
 * Everything a sign-in needs before the user is involved, as one step: discovery (cached), the client identity
 * (pre-registered, metadata document or registration), scope selection, the authorization request (PKCE, state,
 * RFC 8707 resource), and the single-use pending-flow record the callback side completes.
 */
import type { AuthorizationServer } from 'oauth4webapi';
import { checkAuthorizationRequest } from './authorizationPreflight';
import { buildAuthorizationRequest } from './authorizationRequest';
import type { OAuthClientSettings } from './clientSettings';
import { discoverServer } from './discoverServer';
import type { ResolvedOAuthEnv } from './env';
import type { SignInAttempt } from './diagnoseSignIn';
import { OAuthSettingError } from './diagnosticErrors';
import { DiscoveryError, RegistrationError, safeCause } from './errors';
import { PENDING_FLOW_TTL_MS, savePendingFlow } from './pendingFlows';
import { registerClient } from './registerClient';
import { joinScope, selectScope, unionScope } from './scope';
import { settingsProblem } from './settingRules';
import {
  type ApplicationType,
  type ClientCredentials,
  type DiscoveryRecord,
  endpointsOf,
  type FlowKind,
  type PendingFlow,
} from './types';
import type { BearerChallenge } from './wwwAuthenticate';

export interface OAuthSessionOptions extends OAuthClientSettings {
  /** The MCP server URL (its canonical form is the RFC 8707 resource unless its metadata names another). */
  serverUrl: string;
  /** The redirect URI: the app's callback page, or the loopback listener of a CLI. */
  callbackUrl: string;
  /** DCR `application_type`. Default: `web` in a browser, `native` elsewhere. */
  applicationType?: ApplicationType;
  /** Pre-known authorization-server metadata: skips authorization-server discovery. */
  authorizationServerMetadata?: AuthorizationServer;
  /** Refresh this long before expiry (capped at half the token's lifetime). Default 30 s. */
  refreshSkewMs?: number;
  /** Lifetime of a prepared authorization URL. Default 10 min. */
  pendingFlowTtlMs?: number;
  /**
   * The app's own proxy (`mcp-use/proxy`, an absolute URL): every request to the authorization server and the
   * metadata goes through it, and so does the callback page's code exchange (it is kept with the pending sign-in).
   */
  oauthProxyUrl?: string;
}

export interface PrepareAuthorizationRequest {
  flow: FlowKind;
  /** Where the app wants to be after a redirect flow; returned by completeAuthorization. */
  returnUrl?: string;
  /** The 401/403 response or its challenge. Default: the last challenge seen by this session. */
  challenge?: BearerChallenge | Response;
  /** Ends the discovery and registration requests when it aborts (e.g. the connection attempt gave up). */
  signal?: AbortSignal;
}

export interface PreparedAuthorization {
  authorizationUrl: URL;
  state: string;
  /** ms since the epoch after which completing this authorization is refused. */
  expiresAt: number;
}

export interface SignInPreparation {
  /** The canonical MCP server URL. */
  serverUrl: string;
  options: OAuthSessionOptions;
  request: PrepareAuthorizationRequest;
  /** The challenge of the 401/403 that led here, if any. */
  challenge?: BearerChallenge;
  /** The scope a step-up asks for (current ∪ required). */
  stepUpScope?: string;
}

/** The settings' values, checked before any request: a wrong one is the caller's to fix, not the server's. */
function checkSettings(options: OAuthSessionOptions, serverUrl: string): void {
  const found = settingsProblem(options);
  if (found) throw new OAuthSettingError(found.name, found.problem, { serverUrl });
}

/** RFC 8707 `resource`: the server's identifier, unless the `resource` setting replaces it or leaves it out. */
function resourceToSend(options: OAuthSessionOptions, discovery: DiscoveryRecord): string | undefined {
  if (options.resource === false) return undefined;
  return options.resource ?? discovery.resource;
}

/**
 * Prepares the sign-in and stores its pending flow; resolves the URL to send the user to, and what the request
 * asked for (to name the setting that fixes a refusal).
 */
export async function prepareSignIn(
  { serverUrl, options, request, challenge, stepUpScope }: SignInPreparation,
  env: ResolvedOAuthEnv,
): Promise<{ authorization: PreparedAuthorization; attempt: SignInAttempt }> {
  checkSettings(options, serverUrl);
  const discovery = await discoverServer(
    {
      serverUrl,
      ...(challenge?.resourceMetadata ? { resourceMetadataUrl: challenge.resourceMetadata } : {}),
      ...(options.authorizationServerMetadata
        ? { configuredMetadata: options.authorizationServerMetadata }
        : {}),
      ...(options.trustIssuer !== undefined ? { trustIssuer: options.trustIssuer } : {}),
    },
    env,
  );
  const as = discovery.authorizationServer;
  if (discovery.issuerNamedByServer !== undefined) {
    // Every sign-in says so: the RFC 8414 §3.3 check is relaxed for this server, by the user's setting.
    env.log('warn', 'signing in with an authorization server whose issuer differs from the one named', {
      serverUrl,
      named: discovery.issuerNamedByServer,
      issuer: as.issuer,
      setting: 'trust_issuer',
    });
  }
  const client = await clientFor(serverUrl, options, discovery, env);
  const selected = selectScope({
    ...(stepUpScope ? { stepUp: stepUpScope } : {}),
    ...(options.scope ? { configured: options.scope } : {}),
    ...(challenge?.scope ? { challenge: challenge.scope } : {}),
    ...(discovery.resourceMetadata?.scopes_supported
      ? { resourceScopes: discovery.resourceMetadata.scopes_supported }
      : {}),
    ...(as.scopes_supported ? { authorizationServerScopes: as.scopes_supported } : {}),
  });
  // OIDC Core §3.1.2.1: an ID token is issued only for the `openid` scope.
  const scope = options.useIdToken ? joinScope(unionScope(selected, 'openid')) : selected;
  const resource = resourceToSend(options, discovery);
  const authorization = await buildAuthorizationRequest({
    serverUrl,
    authorizationEndpoint: as.authorization_endpoint as string,
    clientId: client.clientId,
    redirectUri: options.callbackUrl,
    ...(resource !== undefined ? { resource } : {}),
    ...(scope ? { scope } : {}),
    ...(options.authorizationParams ? { extraParameters: options.authorizationParams } : {}),
  });
  // A client whose redirect URIs someone wrote down by hand.
  if (client.source === 'preregistered') {
    await checkAuthorizationRequest(
      {
        authorizationUrl: authorization.url,
        serverUrl,
        issuer: as.issuer,
        clientId: client.clientId,
        redirectUri: options.callbackUrl,
      },
      env,
    );
  }
  const now = env.now();
  const flow: PendingFlow = {
    state: authorization.state,
    codeVerifier: authorization.codeVerifier,
    issuer: as.issuer,
    authorizationServer: endpointsOf(as),
    client,
    serverUrl,
    ...(options.account !== undefined ? { account: options.account } : {}),
    ...(resource !== undefined ? { resource } : {}),
    redirectUri: options.callbackUrl,
    flow: request.flow,
    createdAt: now,
    expiresAt: now + (options.pendingFlowTtlMs ?? PENDING_FLOW_TTL_MS),
    ...(request.returnUrl !== undefined ? { returnUrl: request.returnUrl } : {}),
    ...(scope ? { scope } : {}),
    ...(options.oauthProxyUrl ? { proxyUrl: options.oauthProxyUrl } : {}),
  };
  await savePendingFlow(env.store, flow, now);
  env.log('info', 'authorization prepared', {
    serverUrl,
    account: options.account,
    issuer: as.issuer,
    authorizationEndpoint: as.authorization_endpoint,
    clientId: client.clientId,
    clientSource: client.source,
    flow: request.flow,
    scope,
    resource,
  });
  return {
    authorization: {
      authorizationUrl: authorization.url,
      state: authorization.state,
      expiresAt: flow.expiresAt,
    },
    attempt: {
      serverUrl,
      issuer: as.issuer,
      client,
      ...(scope ? { scope } : {}),
      ...(resource !== undefined ? { resource } : {}),
    },
  };
}

async function clientFor(
  serverUrl: string,
  options: OAuthSessionOptions,
  discovery: DiscoveryRecord,
  env: ResolvedOAuthEnv,
): Promise<ClientCredentials> {
  const as = discovery.authorizationServer;
  const {
    clientId,
    clientSecret,
    clientMetadataUrl,
    clientName,
    applicationType,
    account,
    tokenEndpointAuthMethod,
  } = options;
  try {
    return await registerClient(
      as,
      {
        serverUrl,
        redirectUri: options.callbackUrl,
        clientId,
        clientSecret,
        clientMetadataUrl,
        clientName,
        applicationType,
        account,
        tokenEndpointAuthMethod,
      },
      env,
    );
  } catch (error) {
    // The default endpoints were only a guess (no metadata anywhere): a registration endpoint that answers
    // without any OAuth error means the server offers no OAuth sign-in at all.
    if (
      discovery.source === 'legacy_default_endpoints' &&
      error instanceof RegistrationError &&
      !error.oauthError
    ) {
      throw new DiscoveryError(`${serverUrl} publishes no OAuth metadata and has no registration endpoint`, {
        serverUrl,
        tried: [String(as.registration_endpoint)],
        cause: safeCause(error),
      });
    }
    throw error;
  }
}
