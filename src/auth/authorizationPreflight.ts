/**
 * RFC 6749 §4.1.2.1: an authorization server that cannot trust an authorization request's client id or redirect
 * URI must not redirect back; it shows the user an error page, and the client never hears of it. A pre-registered
 * client's redirect URIs are whatever someone typed into the server's console, so a mismatch — another port,
 * another path — is the common way such a sign-in fails. So the request is tried once, without a user, before anyone is
 * sent there: an error answer without a redirect means exactly that refusal, and becomes the error that names the
 * redirect URI setting. Anything else tells nothing and the sign-in goes on: a redirect (to a login page, or
 * back to the client), a page, a server error, a network failure — or, in a browser, an authorization endpoint
 * that sends no CORS headers, as most do.
 */
import { requestSignal } from './boundedResponse';
import { RedirectUriRefusedError } from './diagnosticErrors';
import type { ResolvedOAuthEnv } from './env';

/** The statuses of the error page an authorization server shows for a client or redirect it does not know. */
const REFUSALS = new Set([400, 401, 403]);

export interface PreflightRequest {
  authorizationUrl: URL;
  serverUrl: string;
  issuer: string;
  clientId: string;
  redirectUri: string;
}

export async function checkAuthorizationRequest(
  request: PreflightRequest,
  env: ResolvedOAuthEnv,
): Promise<void> {
  let status: number;
  try {
    // The endpoint passed the URL rules when discovery produced it. No cookies: no session is started or used.
    const response = await env.fetch(request.authorizationUrl.href, {
      redirect: 'manual',
      credentials: 'omit',
      signal: requestSignal(env),
    });
    status = response.status;
    await response.body?.cancel().catch(() => undefined);
  } catch (error) {
    env.signal?.throwIfAborted();
    env.log('debug', 'could not try the authorization request before sign-in', {
      issuer: request.issuer,
      error: (error as Error).name,
    });
    return;
  }
  if (!REFUSALS.has(status)) return;
  throw new RedirectUriRefusedError('authorization', request.redirectUri, request.issuer, {
    serverUrl: request.serverUrl,
    clientId: request.clientId,
    status,
  });
}
