/**
 * Machine-to-machine OAuth for a connection (RFC 6749 §4.4): the client signs in as itself, with nobody to ask.
 * A token is requested when the server first answers 401, kept in the store for its lifetime (so the next
 * process reuses it), and requested again shortly before it expires — there is no refresh token to use. The
 * requests run under the store's lock, so processes sharing the store request one token between them.
 */
import { type OAuthEnv, type ResolvedOAuthEnv, resolveEnv } from '../../../auth/env';
import { forgetDiscovery, discoverServer, readCachedDiscovery } from '../../../auth/discoverServer';
import { canonicalServerUrl } from '../../../auth/resourceIdentifier';
import { revokeTokens } from '../../../auth/revokeTokens';
import { selectScope, unionScope } from '../../../auth/scope';
import { lockNames } from '../../../auth/storeKeys';
import { DEFAULT_REFRESH_SKEW_MS, tokenFreshness } from '../../../auth/tokenFreshness';
import { deleteTokens, readTokens, writeTokens } from '../../../auth/tokenStore';
import type { ClientCredentials, DiscoveryRecord, TokenRecord } from '../../../auth/types';
import { type BearerChallenge, challengeFromResponse } from '../../../auth/wwwAuthenticate';
import type { ConnectionAuth, ConnectionAuthContext } from '../../../core/connectionAuth';
import { McpUseError, UnauthorizedError } from '../../../core/errors';
import { requestClientCredentialsToken } from './clientCredentialsGrant';
import { readPrivateKey } from './privateKey';

export interface ClientCredentialsAuthOptions {
  serverUrl: string;
  serverName?: string;
  clientId: string;
  /** `client_secret_basic` (or `_post` when the server lists only that) with this secret. */
  clientSecret?: string;
  /** `private_key_jwt` with the PEM key in this file, read each time a token is requested. */
  privateKeyFile?: string;
  scope?: string;
  /** Which of the accounts on this server these tokens are kept under (default: the unnamed one). */
  account?: string;
  /** Pre-known authorization-server metadata (RFC 8414): skips authorization-server discovery. */
  authorizationServerMetadata?: DiscoveryRecord['authorizationServer'];
}

/** RFC 8414 §2: `client_secret_basic` unless the server lists only `client_secret_post`. */
function secretMethod(
  as: DiscoveryRecord['authorizationServer'],
): ClientCredentials['tokenEndpointAuthMethod'] {
  const listed = as.token_endpoint_auth_methods_supported;
  return listed && !listed.includes('client_secret_basic') && listed.includes('client_secret_post')
    ? 'client_secret_post'
    : 'client_secret_basic';
}

export class ClientCredentialsAuth implements ConnectionAuth {
  readonly serverUrl: string;
  readonly #options: ClientCredentialsAuthOptions;
  readonly #env: ResolvedOAuthEnv;
  #challenge: BearerChallenge | undefined;
  /** The token last handed out, i.e. the one a following 401 refers to. */
  #lastToken: string | undefined;
  /** A token requested because the server refused the previous one: refused too, the server will not take ours. */
  #replacement: string | undefined;
  #scope: string | undefined;

  constructor(options: ClientCredentialsAuthOptions, env: OAuthEnv = {}) {
    this.#options = options;
    this.serverUrl = canonicalServerUrl(options.serverUrl);
    this.#env = resolveEnv(env);
    this.#scope = options.scope;
  }

  /** The stored token while it is fresh; a new one shortly before it expires; none before the first 401. */
  async token(): Promise<string | undefined> {
    const discovery = await readCachedDiscovery(this.serverUrl, this.#env);
    if (!discovery) return undefined;
    const record = await this.#read(discovery);
    if (record && this.#fresh(record)) return this.#handOut(record);
    return this.#handOut(await this.#obtain(discovery, record?.accessToken));
  }

  async onUnauthorized(response: Response, context: ConnectionAuthContext = {}): Promise<void> {
    const challenge = challengeFromResponse(response);
    if (challenge) this.#challenge = challenge;
    // A 401 naming a scope the token lacks: the next token asks for it too.
    if (challenge?.error === 'insufficient_scope' || (challenge?.scope && this.#lastToken)) {
      this.#scope = unionScope(this.#scope, challenge.scope).join(' ') || undefined;
    }
    if (this.#lastToken !== undefined && this.#lastToken === this.#replacement) {
      throw new UnauthorizedError(
        `${this.serverUrl} refuses the token its authorization server just issued to client ${this.#options.clientId}`,
        {
          serverUrl: this.serverUrl,
          ...(this.#options.serverName ? { serverName: this.#options.serverName } : {}),
        },
      );
    }
    context.signal?.throwIfAborted();
    const discovery = await discoverServer(
      {
        serverUrl: this.serverUrl,
        grant: 'client_credentials',
        ...(challenge?.resourceMetadata ? { resourceMetadataUrl: challenge.resourceMetadata } : {}),
        ...(this.#options.authorizationServerMetadata
          ? { configuredMetadata: this.#options.authorizationServerMetadata }
          : {}),
      },
      this.#env,
    );
    const record = await this.#obtain(discovery, this.#lastToken ?? '');
    this.#replacement = record.accessToken;
  }

  async onInsufficientScope(requiredScope: string | undefined): Promise<never> {
    throw new McpUseError(
      'forbidden',
      `${this.serverUrl} requires scope ${requiredScope ?? '(unnamed)'}; add it to the configured scope`,
      {
        status: 403,
        serverUrl: this.serverUrl,
      },
    );
  }

  // Client credentials never send anyone to sign in: onUnauthorized resolves or fails, it never asks for this.
  async prepareAuthorization(): Promise<string> {
    throw new UnauthorizedError('Client credentials need no sign-in', { serverUrl: this.serverUrl });
  }

  async authorize(): Promise<void> {
    throw new UnauthorizedError('Client credentials need no sign-in', { serverUrl: this.serverUrl });
  }

  /** Revokes the stored token where the authorization server supports it, then forgets it. */
  async logout(): Promise<void> {
    const discovery = await readCachedDiscovery(this.serverUrl, this.#env);
    const record = discovery && (await this.#read(discovery));
    if (!record) return;
    await revokeTokens(record, this.#env);
    await deleteTokens(this.#env.store, this.serverUrl, record.issuer, { account: this.#options.account });
  }

  async clearStorage(): Promise<void> {
    const discovery = await readCachedDiscovery(this.serverUrl, this.#env);
    if (discovery)
      await deleteTokens(this.#env.store, this.serverUrl, discovery.authorizationServer.issuer, {
        account: this.#options.account,
      });
    await forgetDiscovery(this.serverUrl, this.#env);
  }

  async hasTokens(): Promise<boolean> {
    const discovery = await readCachedDiscovery(this.serverUrl, this.#env);
    return discovery !== undefined && (await this.#read(discovery)) !== undefined;
  }

  #fresh(record: TokenRecord): boolean {
    return tokenFreshness(record, this.#env.now(), DEFAULT_REFRESH_SKEW_MS) === 'fresh';
  }

  #read(discovery: DiscoveryRecord): Promise<TokenRecord | undefined> {
    return readTokens(
      this.#env.store,
      this.serverUrl,
      discovery.authorizationServer.issuer,
      this.#options.account,
    );
  }

  #handOut(record: TokenRecord): string {
    this.#lastToken = record.accessToken;
    return record.accessToken;
  }

  /**
   * A new token, under the store's lock: another process may have stored one meanwhile (anything fresh other
   * than `stale` is used as it is). The key file is read here, and only here.
   */
  #obtain(discovery: DiscoveryRecord, stale: string | undefined): Promise<TokenRecord> {
    return this.#env.lock(lockNames.refresh(this.serverUrl, this.#options.account), async (lease) => {
      const current = await this.#read(discovery);
      if (current && current.accessToken !== stale && this.#fresh(current)) return current;
      const { clientId, clientSecret, privateKeyFile } = this.#options;
      const as = discovery.authorizationServer;
      const client: ClientCredentials = {
        clientId,
        tokenEndpointAuthMethod: privateKeyFile ? 'private_key_jwt' : secretMethod(as),
        source: 'preregistered',
        ...(privateKeyFile || clientSecret === undefined ? {} : { clientSecret }),
      };
      const scope = selectScope({
        ...(this.#scope ? { configured: this.#scope } : {}),
        ...(this.#challenge?.scope ? { challenge: this.#challenge.scope } : {}),
        ...(discovery.resourceMetadata?.scopes_supported
          ? { resourceScopes: discovery.resourceMetadata.scopes_supported }
          : {}),
      });
      await lease?.assertHeld();
      const record = await requestClientCredentialsToken(
        {
          serverUrl: this.serverUrl,
          ...(this.#options.account !== undefined ? { account: this.#options.account } : {}),
          discovery,
          client,
          ...(scope ? { scope } : {}),
          ...(privateKeyFile ? { signingKey: await readPrivateKey(privateKeyFile) } : {}),
        },
        this.#env,
      );
      await writeTokens(this.#env.store, record, lease ? { lease } : {});
      this.#env.log('info', 'client credentials token obtained', {
        serverUrl: this.serverUrl,
        issuer: as.issuer,
        clientId,
        tokenEndpointAuthMethod: client.tokenEndpointAuthMethod,
      });
      return record;
    });
  }
}
