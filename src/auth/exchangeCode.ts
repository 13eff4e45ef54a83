/**
 * Redeems an authorization code at the token endpoint (RFC 6749 §4.1.3) with the PKCE verifier (RFC 7636 §4.5)
 * and the RFC 8707 `resource` (unless a setting leaves it out), so the access token is issued for this MCP server only.
 */
import {
  type AuthorizationServer,
  authorizationCodeGrantRequest,
  processAuthorizationCodeResponse,
  type TokenEndpointResponse,
  validateAuthResponse,
} from 'oauth4webapi';
import { oauthClient } from './clientAuthentication';
import type { ResolvedOAuthEnv } from './env';
import { type FlowContext, ResponseTooLargeError, safeCause, TokenRequestError } from './errors';
import { tokenEndpointFailure } from './tokenEndpointError';
import type { PendingFlow } from './types';
import { assertSecureUrl, checkedRequestOptions } from './urlPolicy';

/**
 * `params` must already have passed the state, error and `iss` checks of completeAuthorization; oauth4webapi's
 * validateAuthResponse re-checks them (same rules) and marks the parameters as validated for the grant request.
 */
export async function exchangeCode(
  flow: PendingFlow,
  params: URLSearchParams,
  context: FlowContext,
  env: ResolvedOAuthEnv,
): Promise<TokenEndpointResponse> {
  const as = flow.authorizationServer as AuthorizationServer;
  const { client, auth } = oauthClient(flow.client);
  // The scheme rule only: the address rules of urlPolicy.ts were applied to this endpoint when discovery produced
  // it, minutes ago (discoverServer.ts), and leaving them out keeps the callback page's bundle small.
  const endpoint = assertSecureUrl(flow.authorizationServer.token_endpoint, 'token_endpoint', flow.serverUrl);
  const request = checkedRequestOptions(endpoint, 'token_endpoint', flow.serverUrl, env);
  try {
    const validated = validateAuthResponse(as, client, params, flow.state);
    const response = await authorizationCodeGrantRequest(
      as,
      client,
      auth,
      validated,
      flow.redirectUri,
      flow.codeVerifier,
      {
        ...request,
        // Absent when the `resource` setting leaves it out (URLSearchParams would send "undefined"), and for an
        // enterprise IdP sign-in, which is for the client, not for an MCP server (enterprise.ts).
        additionalParameters: flow.resource ? { resource: flow.resource } : {},
      },
    );
    return await processAuthorizationCodeResponse(as, client, response);
  } catch (error) {
    if (error instanceof ResponseTooLargeError) throw error;
    const failure = tokenEndpointFailure(error);
    const what = failure.oauthError ? ` (${failure.oauthError})` : `: ${(error as Error).message}`;
    throw new TokenRequestError(`The authorization code could not be exchanged for tokens${what}`, {
      serverUrl: flow.serverUrl,
      flow: context,
      cause: safeCause(error),
      ...(failure.oauthError ? { oauthError: failure.oauthError } : {}),
      ...(failure.description ? { oauthErrorDescription: failure.description } : {}),
      ...(failure.status ? { status: failure.status } : {}),
    });
  }
}
