/**
 * Reads the OAuth error out of whatever oauth4webapi threw for a token-endpoint call: a JSON error body
 * (RFC 6749 §5.2) or a `WWW-Authenticate` challenge (401 on failed client authentication).
 */
import { ResponseBodyError, WWWAuthenticateChallengeError } from 'oauth4webapi';

export interface TokenEndpointFailure {
  oauthError?: string;
  description?: string;
  status?: number;
}

export function tokenEndpointFailure(error: unknown): TokenEndpointFailure {
  if (error instanceof ResponseBodyError) {
    return {
      oauthError: error.error,
      status: error.status,
      ...(error.error_description ? { description: error.error_description } : {}),
    };
  }
  if (error instanceof WWWAuthenticateChallengeError) {
    const challenge = error.cause[0];
    const oauthError = challenge?.parameters.error;
    return { status: error.status, ...(oauthError ? { oauthError } : {}) };
  }
  // An answer that is no OAuth answer at all (a proxy's 502 page): oauth4webapi keeps the Response as `cause`.
  const cause = (error as { cause?: { status?: unknown; headers?: unknown } } | undefined)?.cause;
  if (typeof cause?.status === 'number' && cause.headers !== undefined) return { status: cause.status };
  return {};
}
