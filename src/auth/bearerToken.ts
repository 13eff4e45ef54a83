/**
 * What a token record sends as the bearer, and until when: the access token (RFC 6750), or — for MCP servers that
 * take the OIDC ID token instead (the `useIdToken` setting) — the ID token, whose own `exp` then decides when to
 * refresh.
 */
import { TokenRequestError } from './errors';
import type { TokenRecord } from './types';

export function bearerOf(record: TokenRecord, useIdToken: boolean): string {
  if (!useIdToken) return record.accessToken;
  if (record.idToken) return record.idToken;
  throw new TokenRequestError(
    `${record.issuer} issued no ID token, which the useIdToken setting sends as the bearer: the authorization server must grant the openid scope`,
    { serverUrl: record.serverUrl },
  );
}

/**
 * The `exp` claim of a JWT (OIDC Core §2), in ms since the epoch; undefined when it cannot be read. The token was
 * validated when it was issued (oauth4webapi); this only reads when it ends.
 */
function jwtExpiry(jwt: string): number | undefined {
  try {
    const payload = jwt.split('.')[1] ?? '';
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const exp = (JSON.parse(json) as { exp?: unknown }).exp;
    return typeof exp === 'number' ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/** When the bearer expires, ms since the epoch (undefined: unknown). */
export function bearerExpiry(record: TokenRecord, useIdToken: boolean): number | undefined {
  if (!useIdToken || !record.idToken) return record.expiresAt;
  return jwtExpiry(record.idToken) ?? record.expiresAt;
}
