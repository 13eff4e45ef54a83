/**
 * The ID-JAG presented to the MCP server's authorization server as a JWT authorization grant (RFC 7523 §2.1;
 * draft-ietf-oauth-identity-assertion-authz-grant §4.4), with the client's own authentication there. The access
 * token is stored under the MCP server's URL like one from any sign-in; usually without a refresh token, since a
 * new ID-JAG is as cheap (MCP profile §1.1: no user interaction for new access tokens).
 */
import {
  type AuthorizationServer,
  genericTokenEndpointRequest,
  processGenericTokenEndpointResponse,
} from 'oauth4webapi';
import { oauthClient } from './clientAuthentication';
import { GRANT_TYPE_JWT_BEARER } from './enterprise';
import { IdJagRejectedError } from './enterpriseErrors';
import type { ResolvedOAuthEnv } from './env';
import { ResponseTooLargeError, safeCause } from './errors';
import { tokenEndpointFailure } from './tokenEndpointError';
import { tokenRecordFromResponse } from './tokenStore';
import { type ClientCredentials, endpointsOf, type TokenRecord } from './types';
import { requestOptions } from './urlPolicy';

export interface IdJagRedemption {
  serverUrl: string;
  resource: string;
  authorizationServer: AuthorizationServer;
  client: ClientCredentials;
  assertion: string;
  idpIssuer: string;
  scope?: string;
}

export async function redeemIdJag(redemption: IdJagRedemption, env: ResolvedOAuthEnv): Promise<TokenRecord> {
  const as = redemption.authorizationServer;
  const { client, auth } = oauthClient(redemption.client);
  const options = requestOptions(String(as.token_endpoint), 'token_endpoint', redemption.serverUrl, env);
  const parameters: Record<string, string> = { assertion: redemption.assertion };
  if (redemption.scope) parameters.scope = redemption.scope;
  try {
    const response = await genericTokenEndpointRequest(
      as,
      client,
      auth,
      GRANT_TYPE_JWT_BEARER,
      parameters,
      options,
    );
    const result = await processGenericTokenEndpointResponse(as, client, response);
    return tokenRecordFromResponse(
      result,
      {
        serverUrl: redemption.serverUrl,
        resource: redemption.resource,
        authorizationServer: endpointsOf(as),
        client: redemption.client,
        ...(redemption.scope ? { requestedScope: redemption.scope } : {}),
      },
      env.now(),
    );
  } catch (error) {
    if (error instanceof ResponseTooLargeError) throw error;
    const failure = tokenEndpointFailure(error);
    env.log('warn', 'the authorization server rejected the ID-JAG', {
      serverUrl: redemption.serverUrl,
      issuer: as.issuer,
      error: failure.oauthError,
    });
    throw new IdJagRejectedError(as.issuer, redemption.idpIssuer, {
      serverUrl: redemption.serverUrl,
      cause: safeCause(error),
      ...(failure.oauthError ? { oauthError: failure.oauthError } : {}),
      ...(failure.description ? { oauthErrorDescription: failure.description } : {}),
      ...(failure.status ? { status: failure.status } : {}),
    });
  }
}
