/**
 * One client credentials grant (RFC 6749 §4.4): the client authenticates as itself — a secret
 * (`client_secret_basic` / `_post`) or a signed assertion (`private_key_jwt`, RFC 7523 §2.2) — and receives an
 * access token bound to the MCP server (RFC 8707 `resource`). No user, no refresh token (§4.4.3: one SHOULD NOT
 * be issued): a new token is simply requested.
 */
import { clientCredentialsGrantRequest, PrivateKeyJwt, processClientCredentialsResponse } from 'oauth4webapi';
import { oauthClient } from '../../../auth/clientAuthentication';
import type { ResolvedOAuthEnv } from '../../../auth/env';
import { tokenRecordFromResponse } from '../../../auth/tokenStore';
import {
  type ClientCredentials,
  type DiscoveryRecord,
  endpointsOf,
  type TokenRecord,
} from '../../../auth/types';
import { requestOptions } from '../../../auth/urlPolicy';
import { GrantNotSupportedError } from '../errors';
import { tokenFailure } from './deviceAuthorization';

export interface ClientCredentialsRequest {
  serverUrl: string;
  account?: string;
  discovery: DiscoveryRecord;
  client: ClientCredentials;
  scope?: string;
  /** The `private_key_jwt` key, read for this request only. */
  signingKey?: CryptoKey;
}

export async function requestClientCredentialsToken(
  request: ClientCredentialsRequest,
  env: ResolvedOAuthEnv,
): Promise<TokenRecord> {
  const { serverUrl, discovery, scope } = request;
  const as = discovery.authorizationServer;
  const listed = as.grant_types_supported;
  if (listed && !listed.includes('client_credentials')) {
    throw new GrantNotSupportedError(
      'client credentials',
      as.issuer,
      'does not list client_credentials in grant_types_supported',
      {
        serverUrl,
      },
    );
  }
  const secretAuth = oauthClient(request.client);
  const client = secretAuth.client;
  // RFC 7523 §2.2: an assertion signed with the key, made here so that browser bundles carry none of it.
  const auth = request.signingKey ? PrivateKeyJwt(request.signingKey) : secretAuth.auth;
  const options = requestOptions(as.token_endpoint as string, 'token_endpoint', serverUrl, env);
  const parameters: Record<string, string> = { resource: discovery.resource };
  if (scope) parameters.scope = scope;
  try {
    const response = await clientCredentialsGrantRequest(as, client, auth, parameters, options);
    const result = await processClientCredentialsResponse(as, client, response);
    return tokenRecordFromResponse(
      result,
      {
        serverUrl,
        ...(request.account !== undefined ? { account: request.account } : {}),
        resource: discovery.resource,
        authorizationServer: endpointsOf(as),
        client: request.client,
        ...(scope ? { requestedScope: scope } : {}),
      },
      env.now(),
    );
  } catch (error) {
    throw tokenFailure('The client credentials grant failed', error, serverUrl);
  }
}
