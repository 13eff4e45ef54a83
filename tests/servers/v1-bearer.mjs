// Bearer-token gate for the v1 test servers, built on the v1 SDK's own express middleware.
import { InvalidTokenError } from '@modelcontextprotocol/sdk/server/auth/errors.js';
import { requireBearerAuth } from '@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js';
import { tokenExpiry } from './common.mjs';

/**
 * Accepts exactly `expected`. The verifier must throw `InvalidTokenError`: that is the only error v1's
 * middleware turns into 401 + `WWW-Authenticate: Bearer …` (anything else becomes a 500).
 */
export function v1BearerMiddleware(expected) {
  const verifier = {
    async verifyAccessToken(token) {
      if (token !== expected) throw new InvalidTokenError('Unknown token');
      return { token, clientId: 'test-client', scopes: [], expiresAt: tokenExpiry() };
    },
  };
  return requireBearerAuth({ verifier });
}
