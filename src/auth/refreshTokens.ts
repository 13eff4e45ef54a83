/**
 * One refresh-token grant (RFC 6749 §6) with the RFC 8707 `resource`, so the new access token is again bound
 * to this MCP server. Locking and re-reading the store around it is refreshUnderLock.ts's job.
 */
import {
  type AuthorizationServer,
  processRefreshTokenResponse,
  refreshTokenGrantRequest,
} from 'oauth4webapi';
import { oauthClient } from './clientAuthentication';
import type { ResolvedOAuthEnv } from './env';
import { RefreshError, ResponseTooLargeError, safeCause } from './errors';
import { type TokenEndpointFailure, tokenEndpointFailure } from './tokenEndpointError';
import { tokenRecordFromResponse } from './tokenStore';
import type { TokenRecord } from './types';
import { requestOptions } from './urlPolicy';

/** RFC 6749 §5.2 errors after which the refresh token (or the client) will never work again. */
export const TERMINAL_REFRESH_ERRORS = new Set(['invalid_grant', 'invalid_client', 'unauthorized_client']);

/** OAuth errors that say "later" (RFC 6749 §4.1.2.1 defines them; servers also send them from the token endpoint). */
const TRANSIENT_OAUTH_ERRORS = new Set(['temporarily_unavailable', 'server_error']);

/**
 * Whether the failure may pass: no answer (network, the per-request timeout), an answer that says "later"
 * (5xx, 429), or one that is not an OAuth answer at all from a status that is not a client error.
 */
function isTransient(error: unknown, failure: TokenEndpointFailure): boolean {
  if (failure.oauthError) return TRANSIENT_OAUTH_ERRORS.has(failure.oauthError);
  if (failure.status !== undefined) return failure.status >= 500 || failure.status === 429;
  const name = (error as { name?: unknown }).name;
  // fetch rejects with a TypeError when nothing answers; the request timeout aborts it.
  return error instanceof TypeError || name === 'TimeoutError' || name === 'AbortError';
}

export async function refreshTokens(record: TokenRecord, env: ResolvedOAuthEnv): Promise<TokenRecord> {
  if (!record.refreshToken) throw new RefreshError('No refresh token', { serverUrl: record.serverUrl });
  const as = record.authorizationServer as AuthorizationServer;
  const { client, auth } = oauthClient(record.client);
  const { token_endpoint } = record.authorizationServer;
  const request = requestOptions(token_endpoint, 'token_endpoint', record.serverUrl, env);
  try {
    const response = await refreshTokenGrantRequest(as, client, auth, record.refreshToken, {
      ...request,
      additionalParameters: record.resource ? { resource: record.resource } : {},
    });
    const result = await processRefreshTokenResponse(as, client, response);
    const refreshed = tokenRecordFromResponse(
      result,
      {
        serverUrl: record.serverUrl,
        ...(record.account !== undefined ? { account: record.account } : {}),
        resource: record.resource,
        authorizationServer: record.authorizationServer,
        client: record.client,
        ...(record.scope ? { requestedScope: record.scope } : {}),
        previousRefreshToken: record.refreshToken,
      },
      env.now(),
    );
    // OIDC Core §12.2: a refresh response may leave the ID token out; the one from the sign-in stays.
    if (refreshed.idToken === undefined && record.idToken !== undefined) refreshed.idToken = record.idToken;
    return refreshed;
  } catch (error) {
    if (error instanceof ResponseTooLargeError) throw error;
    const failure = tokenEndpointFailure(error);
    const what = failure.oauthError ? ` (${failure.oauthError})` : `: ${(error as Error).message}`;
    throw new RefreshError(`Token refresh failed${what}`, {
      serverUrl: record.serverUrl,
      cause: safeCause(error),
      transient: isTransient(error, failure),
      ...(failure.oauthError ? { oauthError: failure.oauthError } : {}),
      ...(failure.status ? { status: failure.status } : {}),
    });
  }
}
