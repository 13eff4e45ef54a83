/**
 * Sign-out: RFC 7009 revocation of the refresh token and the access token, when the authorization server
 * advertises a `revocation_endpoint`. Best effort: a failure is logged, the local tokens go anyway.
 */
import { type AuthorizationServer, processRevocationResponse, revocationRequest } from 'oauth4webapi';
import { oauthClient } from './clientAuthentication';
import type { ResolvedOAuthEnv } from './env';
import { safeCause } from './errors';
import type { TokenRecord } from './types';
import { requestOptions } from './urlPolicy';

export async function revokeTokens(record: TokenRecord, env: ResolvedOAuthEnv): Promise<void> {
  const endpointUrl = record.authorizationServer.revocation_endpoint;
  if (!endpointUrl) return;
  const as = record.authorizationServer as AuthorizationServer;
  const { client, auth } = oauthClient(record.client);
  // RFC 7009 §2.1: revoking the refresh token also invalidates access tokens of the same grant at most servers;
  // the access token is revoked explicitly for the others.
  const tokens: [string | undefined, string][] = [
    [record.refreshToken, 'refresh_token'],
    [record.accessToken, 'access_token'],
  ];
  for (const [token, hint] of tokens) {
    if (!token) continue;
    try {
      // A refused URL (urlPolicy.ts) is one more failure to log: signing out still forgets the tokens.
      const response = await revocationRequest(as, client, auth, token, {
        ...requestOptions(endpointUrl, 'revocation_endpoint', record.serverUrl, env),
        additionalParameters: { token_type_hint: hint },
      });
      await processRevocationResponse(response);
    } catch (error) {
      env.log('warn', 'token revocation failed', {
        issuer: record.issuer,
        tokenType: hint,
        error: safeCause(error),
      });
    }
  }
}
