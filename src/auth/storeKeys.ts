/**
 * Store keys. Composite keys are JSON arrays of the full values — never a short hash, so two servers or two
 * issuers can never collide onto one record (DESIGN.md "Tokens and secrets").
 */

const PREFIX = 'mcp-use:oauth:';

export const storeKeys = {
  discovery: (serverUrl: string) => `${PREFIX}discovery:${JSON.stringify([serverUrl])}`,
  /**
   * RFC 6749 §2.2: client ids are unique to the authorization server that issued them. A named account
   * registers a client of its own, so signing out of one account (or forgetting its registration) leaves the
   * others alone.
   */
  client: (issuer: string, redirectUri: string, account?: string) =>
    `${PREFIX}client:${JSON.stringify(withAccount([issuer, redirectUri], account))}`,
  pending: (state: string) => `${PREFIX}pending:${state}`,
  /** States of this server's (and account's) flows that may still be pending, to clean up expired records. */
  pendingIndex: (serverUrl: string, account?: string) =>
    `${PREFIX}pending-index:${JSON.stringify(withAccount([serverUrl], account))}`,
  /**
   * One user may hold several accounts on one server: a named account adds a third element, so the default
   * account's key stays what it always was and no stored record ever needs moving.
   */
  tokens: (serverUrl: string, issuer: string, account?: string) =>
    `${PREFIX}tokens:${JSON.stringify(withAccount([serverUrl, issuer], account))}`,
};

/** The default account adds nothing, so its keys are the ones stored before accounts existed. */
function withAccount(parts: string[], account: string | undefined): string[] {
  return account === undefined ? parts : [...parts, account];
}

/**
 * Whether a store's records (as a plain object of key → value, e.g. one saved CLI session's) hold tokens for
 * some server: the key format is the engine's own business, so callers ask here instead of matching keys.
 */
export function holdsTokens(records: Record<string, unknown> | undefined): boolean {
  return Object.keys(records ?? {}).some((key) => key.startsWith(`${PREFIX}tokens:`));
}

/** Lock names (Web Locks names are origin-wide). */
export const lockNames = {
  refresh: (serverUrl: string, account?: string) =>
    account === undefined
      ? `mcp-use:refresh:${serverUrl}`
      : `mcp-use:refresh:${JSON.stringify([serverUrl, account])}`,
  complete: (state: string) => `mcp-use:complete:${state}`,
  register: (issuer: string, redirectUri: string, account?: string) =>
    `mcp-use:register:${JSON.stringify(withAccount([issuer, redirectUri], account))}`,
};
