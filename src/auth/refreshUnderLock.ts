/**
 * A refresh-token grant (RFC 6749 §6) that runs once even when several tabs, processes or session objects
 * want it at the same moment. Authorization servers may rotate refresh tokens (RFC 9700 §4.14.2): two
 * parallel refreshes with the same refresh token would have the second refused, or even revoke the whole
 * grant as a replay. So the refresh holds a named lock, and re-reads the store once it has it: whoever held
 * the lock before may already have stored new tokens, which are then used as they are.
 *
 * Everything that touches the world is passed in, so the same steps run over Web Locks and IndexedDB, an
 * in-process mutex and a memory store, a cross-process lock and a file, or fakes in a test.
 */
import type { AuthLog } from './env';
import { RefreshError, RefreshUnavailableError, safeCause } from './errors';
import type { LockFn, LockLease } from './lock';
import { TERMINAL_REFRESH_ERRORS } from './refreshTokens';
import { lockNames } from './storeKeys';
import { tokenFreshness } from './tokenFreshness';
import type { TokenRecord } from './types';

export interface RefreshUnderLockParts {
  /** The MCP server whose tokens these are: names the lock, and is the only thing logged about them. */
  serverUrl: string;
  /** The account whose tokens these are (with the server, names the lock). */
  account?: string | undefined;
  lock: LockFn;
  /** The stored tokens, read inside the lock. */
  read: () => Promise<TokenRecord | undefined>;
  /** Writes and deletes carry the lock's lease, so a store can refuse them once the lease was lost. */
  write: (record: TokenRecord, lease?: LockLease) => Promise<void>;
  delete: (record: TokenRecord, lease?: LockLease) => Promise<void>;
  /** The token request itself (`refreshTokens`): resolves the new record or rejects with a RefreshError. */
  refresh: (record: TokenRecord) => Promise<TokenRecord>;
  now: () => number;
  /** Tokens another holder stored are refreshed again when they expire within this. */
  skewMs: number;
  log: AuthLog;
  /** Waits between attempts (default: a timer). */
  sleep?: (ms: number) => Promise<void>;
}

/** Attempts at one refresh when the failures may pass (network, timeout, 5xx): bounded, never a loop. */
export const REFRESH_ATTEMPTS = 3;
const FIRST_RETRY_DELAY_MS = 500;
const MAX_RETRY_DELAY_MS = 2_000;

/** 500 ms, then 1 s, doubling up to 2 s. */
export const retryDelayMs = (failedAttempts: number): number =>
  Math.min(FIRST_RETRY_DELAY_MS * 2 ** (failedAttempts - 1), MAX_RETRY_DELAY_MS);

const timer = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export type RefreshOutcome =
  /** New tokens from the authorization server, already stored. */
  | { outcome: 'refreshed'; record: TokenRecord }
  /** Another holder of the lock had replaced the stale token with one still fresh: no request was made. */
  | { outcome: 'reused'; record: TokenRecord }
  /** The authorization server refused the refresh token for good; the stored tokens were deleted. */
  | { outcome: 'refused'; oauthError: string }
  /** Nothing is stored (signed out, or deleted by another holder after a refusal). */
  | { outcome: 'no_tokens' }
  /** The stored tokens carry no refresh token: only a new authorization can replace them. */
  | { outcome: 'no_refresh_token'; record: TokenRecord };

/**
 * Replaces `staleAccessToken`. Errors that may pass (network, 5xx, a store that fails) reject, and nothing is
 * deleted: the caller may still use a token that has not expired, and try again later.
 */
export function refreshUnderLock(
  staleAccessToken: string,
  parts: RefreshUnderLockParts,
): Promise<RefreshOutcome> {
  return parts.lock(
    lockNames.refresh(parts.serverUrl, parts.account),
    async (lease): Promise<RefreshOutcome> => {
      const current = await parts.read();
      if (!current) return { outcome: 'no_tokens' };
      if (
        current.accessToken !== staleAccessToken &&
        tokenFreshness(current, parts.now(), parts.skewMs) === 'fresh'
      ) {
        parts.log('debug', 'tokens were already refreshed elsewhere', { serverUrl: parts.serverUrl });
        return { outcome: 'reused', record: current };
      }
      if (!current.refreshToken) return { outcome: 'no_refresh_token', record: current };
      let next: TokenRecord;
      try {
        next = await refreshWithRetries(current, parts, lease);
      } catch (error) {
        const terminal = terminalRefreshError(error);
        if (!terminal) throw error;
        // RFC 6749 §5.2: the refresh token is revoked, expired or bound elsewhere, or the client is no longer
        // accepted. Retrying cannot help, and keeping the tokens would only make every holder try again.
        await parts.delete(current, lease);
        parts.log('info', 'refresh token refused; sign-in required', {
          serverUrl: parts.serverUrl,
          error: terminal,
        });
        return { outcome: 'refused', oauthError: terminal };
      }
      await parts.write(next, lease);
      parts.log('info', 'tokens refreshed', {
        serverUrl: parts.serverUrl,
        issuer: current.issuer,
        // RFC 6749 §6: issuing a new refresh token is optional. Whether it rotated is logged, never a token.
        rotated: next.refreshToken !== current.refreshToken,
      });
      return { outcome: 'refreshed', record: next };
    },
  );
}

/**
 * The token request, tried again (still holding the lock, so nobody else spends the refresh token meanwhile)
 * while its failures may pass, up to REFRESH_ATTEMPTS times with a growing pause; then RefreshUnavailableError.
 * Before each attempt the lease is checked: a holder that lost the lock must not present the refresh token,
 * which the new holder may already have rotated (RFC 9700 §4.14.2 would then revoke the whole grant).
 */
async function refreshWithRetries(
  current: TokenRecord,
  parts: RefreshUnderLockParts,
  lease: LockLease | undefined,
): Promise<TokenRecord> {
  for (let attempt = 1; ; attempt += 1) {
    await lease?.assertHeld();
    try {
      return await parts.refresh(current);
    } catch (error) {
      if (!(error instanceof RefreshError) || !error.transient) throw error;
      if (attempt >= REFRESH_ATTEMPTS) {
        throw new RefreshUnavailableError(attempt, {
          serverUrl: parts.serverUrl,
          cause: safeCause(error),
          ...(error.status !== undefined ? { status: error.status } : {}),
        });
      }
      const delayMs = retryDelayMs(attempt);
      parts.log('warn', 'refresh failed; trying again', {
        serverUrl: parts.serverUrl,
        attempt,
        delayMs,
        ...(error.status !== undefined ? { status: error.status } : {}),
      });
      await (parts.sleep ?? timer)(delayMs);
    }
  }
}

/** The OAuth error code when `error` says the refresh token will never work again. */
function terminalRefreshError(error: unknown): string | undefined {
  if (!(error instanceof RefreshError) || !error.oauthError) return undefined;
  return TERMINAL_REFRESH_ERRORS.has(error.oauthError) ? error.oauthError : undefined;
}
