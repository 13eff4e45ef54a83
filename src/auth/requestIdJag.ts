/**
 * Token exchange at the IdP (RFC 8693; draft-ietf-oauth-identity-assertion-authz-grant §4.3): the ID token in,
 * an ID-JAG for one MCP server out. MCP profile §4: `audience` is the issuer of the MCP server's authorization
 * server and `resource` the MCP server's resource identifier (RFC 9728).
 */
import {
  type AuthorizationServer,
  genericTokenEndpointRequest,
  processGenericTokenEndpointResponse,
} from 'oauth4webapi';
import { oauthClient } from './clientAuthentication';
import { GRANT_TYPE_TOKEN_EXCHANGE, TOKEN_TYPE_ID_JAG, TOKEN_TYPE_ID_TOKEN } from './enterprise';
import { IdJagRefusedError } from './enterpriseErrors';
import type { ResolvedOAuthEnv } from './env';
import { ResponseTooLargeError, safeCause } from './errors';
import { tokenEndpointFailure } from './tokenEndpointError';
import type { TokenRecord } from './types';
import { requestOptions } from './urlPolicy';

export interface IdJagRequest {
  /** The IdP sign-in (its token endpoint, client and ID token). */
  idp: TokenRecord & { idToken: string };
  /** The MCP server's authorization server issuer. */
  audience: string;
  /** The MCP server's resource identifier. */
  resource: string;
  scope?: string;
  /** The MCP server, for messages. */
  serverUrl: string;
}

export interface IdJag {
  assertion: string;
  scope?: string;
}

/**
 * Rejects with IdJagRefusedError carrying the IdP's OAuth error. `invalid_grant` means the ID token itself is no
 * longer accepted (expired, the session ended): the caller then refreshes or signs in again.
 */
export async function requestIdJag(request: IdJagRequest, env: ResolvedOAuthEnv): Promise<IdJag> {
  const { idp } = request;
  const as = idp.authorizationServer as AuthorizationServer;
  const { client, auth } = oauthClient(idp.client);
  const options = requestOptions(idp.authorizationServer.token_endpoint, 'token_endpoint', idp.issuer, env);
  const parameters: Record<string, string> = {
    requested_token_type: TOKEN_TYPE_ID_JAG,
    audience: request.audience,
    resource: request.resource,
    subject_token: idp.idToken,
    subject_token_type: TOKEN_TYPE_ID_TOKEN,
  };
  if (request.scope) parameters.scope = request.scope;
  try {
    const response = await genericTokenEndpointRequest(
      as,
      client,
      auth,
      GRANT_TYPE_TOKEN_EXCHANGE,
      parameters,
      options,
    );
    // RFC 8693 §2.2.1: the issued token is no access token, so its token_type is "N_A".
    const result = await processGenericTokenEndpointResponse(as, client, response, {
      recognizedTokenTypes: { n_a: () => undefined },
    });
    if (result.issued_token_type !== TOKEN_TYPE_ID_JAG) {
      throw new IdJagRefusedError(idp.issuer, request.audience, {
        serverUrl: request.serverUrl,
        oauthErrorDescription: `issued_token_type is ${String(result.issued_token_type)}, not an ID-JAG`,
      });
    }
    env.log('info', 'received an ID-JAG', {
      idpIssuer: idp.issuer,
      audience: request.audience,
      resource: request.resource,
      scope: result.scope,
    });
    return { assertion: result.access_token, ...(result.scope ? { scope: result.scope } : {}) };
  } catch (error) {
    if (error instanceof IdJagRefusedError || error instanceof ResponseTooLargeError) throw error;
    const failure = tokenEndpointFailure(error);
    env.log('warn', 'the identity provider refused the token exchange', {
      idpIssuer: idp.issuer,
      audience: request.audience,
      error: failure.oauthError,
    });
    throw new IdJagRefusedError(idp.issuer, request.audience, {
      serverUrl: request.serverUrl,
      cause: safeCause(error),
      ...(failure.oauthError ? { oauthError: failure.oauthError } : {}),
      ...(failure.description ? { oauthErrorDescription: failure.description } : {}),
      ...(failure.status ? { status: failure.status } : {}),
    });
  }
}
