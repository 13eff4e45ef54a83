/**
 * The enterprise sign-in before the user is involved: OpenID Connect discovery of the IdP, an authorization
 * request for `openid` (PKCE S256, state; `offline_access` where the IdP offers it, so the sign-in outlives the
 * ID token) and the single-use pending-flow record. The callback side is the same `completeAuthorization()` as
 * for any sign-in: it redeems the code and stores the IdP's tokens, ID token included, under idpSessionKey().
 */
import { calculatePKCECodeChallenge, generateRandomCodeVerifier, generateRandomState } from 'oauth4webapi';
import { assertPkceSupported, discoverAuthorizationServer } from './discoverAuthorizationServer';
import { type EnterpriseSettings, idpSessionKey } from './enterprise';
import type { ResolvedOAuthEnv } from './env';
import { DiscoveryError } from './errors';
import { PENDING_FLOW_TTL_MS, savePendingFlow } from './pendingFlows';
import type { PreparedAuthorization } from './prepareSignIn';
import { type ClientCredentials, endpointsOf, type FlowKind, type PendingFlow } from './types';
import { assertAllowedUrl } from './urlPolicy';

export interface IdpSignInRequest {
  settings: EnterpriseSettings;
  redirectUri: string;
  flow: FlowKind;
  returnUrl?: string;
  pendingFlowTtlMs?: number;
}

export function idpClient(settings: EnterpriseSettings): ClientCredentials {
  return {
    clientId: settings.clientId,
    ...(settings.clientSecret ? { clientSecret: settings.clientSecret } : {}),
    tokenEndpointAuthMethod: settings.clientSecret ? 'client_secret_basic' : 'none',
    source: 'preregistered',
  };
}

export async function prepareIdpSignIn(
  request: IdpSignInRequest,
  env: ResolvedOAuthEnv,
): Promise<PreparedAuthorization> {
  const { settings } = request;
  const key = idpSessionKey(settings);
  // The IdP is named by the user's own configuration, not by a server's answer: it is checked against itself.
  const found = await discoverAuthorizationServer(settings.issuer, settings.issuer, env);
  if (!found) {
    throw new DiscoveryError(
      `The identity provider ${settings.issuer} publishes no OpenID Connect metadata`,
      {
        serverUrl: settings.issuer,
        tried: [],
      },
    );
  }
  const idp = found.metadata;
  assertPkceSupported(idp);
  const url = assertAllowedUrl(String(idp.authorization_endpoint), 'authorization_endpoint', settings.issuer);
  const codeVerifier = generateRandomCodeVerifier();
  const state = generateRandomState();
  const offline = idp.scopes_supported?.includes('offline_access') === true;
  const scope = offline ? 'openid offline_access' : 'openid';
  const params = url.searchParams;
  params.set('response_type', 'code');
  params.set('client_id', settings.clientId);
  params.set('redirect_uri', request.redirectUri);
  params.set('scope', scope);
  params.set('code_challenge', await calculatePKCECodeChallenge(codeVerifier));
  params.set('code_challenge_method', 'S256');
  params.set('state', state);
  // OIDC Core §11: offline_access needs an explicit consent prompt.
  if (offline) params.set('prompt', 'consent');
  const now = env.now();
  const flow: PendingFlow = {
    state,
    codeVerifier,
    issuer: idp.issuer,
    authorizationServer: endpointsOf(idp),
    client: idpClient(settings),
    serverUrl: key,
    // No RFC 8707 resource: the sign-in is for this client; each MCP server's resource goes in its ID-JAG.
    resource: '',
    redirectUri: request.redirectUri,
    flow: request.flow,
    scope,
    createdAt: now,
    expiresAt: now + (request.pendingFlowTtlMs ?? PENDING_FLOW_TTL_MS),
    ...(request.returnUrl !== undefined ? { returnUrl: request.returnUrl } : {}),
  };
  await savePendingFlow(env.store, flow, now);
  env.log('info', 'enterprise sign-in prepared', {
    issuer: idp.issuer,
    clientId: settings.clientId,
    flow: request.flow,
  });
  return { authorizationUrl: url, state, expiresAt: flow.expiresAt };
}
