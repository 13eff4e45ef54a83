/**
 * Whether an access token can still be sent as it is. A client cannot ask the resource whether a token is
 * still good, so it goes by the `expires_in` of the token response (RFC 6749 §5.1), refreshing a little early
 * so that a token does not expire between being handed out and reaching the server.
 */
import type { TokenRecord } from './types';

/** Refresh this long before expiry by default. */
export const DEFAULT_REFRESH_SKEW_MS = 30_000;

/**
 * `fresh`: use it. `expiring`: still valid, but within the skew of its expiry, so refresh it now (RFC 6749 §6).
 * `expired`: past its expiry; sending it would only earn a 401.
 */
export type TokenFreshness = 'fresh' | 'expiring' | 'expired';

export function tokenFreshness(
  record: Pick<TokenRecord, 'expiresAt' | 'obtainedAt'>,
  nowMs: number,
  skewMs: number,
): TokenFreshness {
  // RFC 6749 §5.1: `expires_in` is only RECOMMENDED. Without it, the server's 401 is the only signal.
  if (record.expiresAt === undefined) return 'fresh';
  if (record.expiresAt <= nowMs) return 'expired';
  // The skew is capped at half the lifetime: a 2-second token with a 30-second skew would otherwise be
  // refreshed on every use and never sent.
  const skew = Math.min(skewMs, (record.expiresAt - record.obtainedAt) / 2);
  return record.expiresAt - skew <= nowMs ? 'expiring' : 'fresh';
}
