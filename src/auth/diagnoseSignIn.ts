/**
 * Turns an OAuth error that a setting fixes into the error that names the setting. Applied by each runtime where
 * a sign-in's outcome reaches it (the loopback listener in Node, the popup's result in a browser), not on the
 * callback page: that page's bundle stays small, and it does not know the settings.
 */
import { McpUseError } from '../core/errors';
import { ClientAuthenticationError, ResourceRejectedError, ScopeRejectedError } from './diagnosticErrors';
import type { ClientCredentials } from './types';

/** What the sign-in that failed had asked for. */
export interface SignInAttempt {
  serverUrl: string;
  issuer: string;
  client: ClientCredentials;
  scope?: string;
  /** The RFC 8707 resource indicator sent, if one was. */
  resource?: string;
}

export function diagnoseSignInFailure(error: unknown, attempt: SignInAttempt | undefined): unknown {
  if (!(error instanceof McpUseError) || attempt === undefined) return error;
  const { oauthError, oauthErrorDescription } = error as {
    oauthError?: unknown;
    oauthErrorDescription?: unknown;
  };
  const details = {
    serverUrl: attempt.serverUrl,
    cause: error,
    ...(typeof oauthErrorDescription === 'string' ? { description: oauthErrorDescription } : {}),
  };
  switch (oauthError) {
    case 'invalid_target':
      return new ResourceRejectedError(attempt.issuer, attempt.resource, details);
    case 'invalid_scope':
      return new ScopeRejectedError(attempt.issuer, attempt.scope, details);
    case 'invalid_client':
      // A registration the engine made itself is dropped and made again elsewhere; one made by hand is the user's.
      if (attempt.client.source !== 'preregistered') return error;
      return new ClientAuthenticationError(attempt.issuer, attempt.client.tokenEndpointAuthMethod, {
        ...details,
        oauthError,
      });
    default:
      return error;
  }
}
