/**
 * Tokens per (MCP server URL, issuer, account). A token is only ever read back for the server it was stored for,
 * so it is never sent to another resource (RFC 8707 audience restriction, MCP "Token Audience Binding").
 */
import type { TokenEndpointResponse } from 'oauth4webapi';
import type { StoreWriteOptions, TokenStore } from './store';
import { storeKeys } from './storeKeys';
import type { AuthorizationServerEndpoints, ClientCredentials, TokenRecord } from './types';

export async function readTokens(
  store: TokenStore,
  serverUrl: string,
  issuer: string,
  account?: string,
): Promise<TokenRecord | undefined> {
  const record = await store.get<TokenRecord>(storeKeys.tokens(serverUrl, issuer, account));
  // Defence in depth: a record filed under another server, issuer or account is never handed out.
  if (!record || record.serverUrl !== serverUrl || record.issuer !== issuer || record.account !== account) {
    return undefined;
  }
  return record;
}

export async function writeTokens(
  store: TokenStore,
  record: TokenRecord,
  options?: StoreWriteOptions,
): Promise<void> {
  await store.set(storeKeys.tokens(record.serverUrl, record.issuer, record.account), record, options);
}

export async function deleteTokens(
  store: TokenStore,
  serverUrl: string,
  issuer: string,
  { account, ...options }: StoreWriteOptions & { account?: string | undefined } = {},
): Promise<void> {
  await store.del(storeKeys.tokens(serverUrl, issuer, account), options);
}

export interface TokenContext {
  serverUrl: string;
  account?: string;
  /** Absent when the server's settings omit RFC 8707 `resource` (`resource: false`). */
  resource?: string | undefined;
  authorizationServer: AuthorizationServerEndpoints;
  client: ClientCredentials;
  /** Scope asked for, recorded when the response does not say what was granted (RFC 6749 §5.1). */
  requestedScope?: string | undefined;
  /** Refresh token to keep when a refresh response carries none (RFC 6749 §6: issuing a new one is optional). */
  previousRefreshToken?: string;
}

/** A token endpoint response as a record with an absolute expiry. */
export function tokenRecordFromResponse(
  response: TokenEndpointResponse,
  context: TokenContext,
  nowMs: number,
): TokenRecord {
  const record: TokenRecord = {
    serverUrl: context.serverUrl,
    resource: context.resource,
    issuer: context.authorizationServer.issuer,
    accessToken: response.access_token,
    tokenType: response.token_type,
    // Kept for `useIdToken`; oauth4webapi has validated it (issuer, audience, expiry) with the response.
    idToken: response.id_token,
    obtainedAt: nowMs,
    authorizationServer: context.authorizationServer,
    client: context.client,
  };
  if (context.account !== undefined) record.account = context.account;
  const refreshToken = response.refresh_token ?? context.previousRefreshToken;
  if (refreshToken) record.refreshToken = refreshToken;
  if (typeof response.expires_in === 'number') record.expiresAt = nowMs + response.expires_in * 1000;
  const scope = response.scope ?? context.requestedScope;
  if (scope) record.scope = scope;
  return record;
}
