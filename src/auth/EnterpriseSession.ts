/**
 * The OAuth state of one MCP server reached through Enterprise-Managed Authorization (enterprise.ts). The user
 * signs in at the enterprise IdP, not at the MCP server's authorization server: `prepareAuthorization()` prepares
 * that IdP sign-in, and its tokens serve every MCP server configured with the same IdP and client. When this
 * server answers 401, the session trades the IdP's ID token for an ID-JAG and the ID-JAG for an access token,
 * without the user; only when the IdP sign-in itself is missing or over does it ask for one
 * (AuthorizationRequiredError), as OAuthSession does.
 */
import { UnauthorizedError } from '../core/errors';
import type { AuthSession } from './authSession';
import { discoverServer, forgetDiscovery, readCachedDiscovery } from './discoverServer';
import {
  type EnterpriseSettings,
  enterpriseLockName,
  idpLockName,
  idpSessionKey,
  jwtExpiry,
} from './enterprise';
import { IdJagRefusedError } from './enterpriseErrors';
import { createMutexLock } from './lock';
import { type OAuthEnv, type ResolvedOAuthEnv, resolveEnv, withSignal } from './env';
import { AuthorizationRequiredError, RefreshError, StepUpExhaustedError } from './errors';
import { prepareIdpSignIn } from './prepareIdpSignIn';
import type {
  OAuthSessionOptions,
  PrepareAuthorizationRequest,
  PreparedAuthorization,
} from './prepareSignIn';
import { redeemIdJag } from './redeemIdJag';
import { refreshTokens } from './refreshTokens';
import { registerClient } from './registerClient';
import { requestIdJag } from './requestIdJag';
import { canonicalServerUrl } from './resourceIdentifier';
import { revokeTokens } from './revokeTokens';
import { selectScope } from './scope';
import { decideStepUp } from './stepUpPolicy';
import { DEFAULT_REFRESH_SKEW_MS, tokenFreshness } from './tokenFreshness';
import { deleteTokens, readTokens, writeTokens } from './tokenStore';
import type { ClientCredentials, DiscoveryRecord, TokenRecord } from './types';
import { type BearerChallenge, challengeFromResponse } from './wwwAuthenticate';

/** One IdP sign-in at a time per (IdP, client) in this realm (signInOnce), and how many run or wait, by lock name. */
const idpSignIns = createMutexLock();
const signInsUnderWay = new Map<string, number>();

export interface EnterpriseSessionOptions extends OAuthSessionOptions {
  enterprise: EnterpriseSettings;
}

type IdpRecord = TokenRecord & { idToken: string };

export class EnterpriseSession implements AuthSession {
  readonly serverUrl: string;
  /** One account per IdP sign-in: the IdP says who the user is. */
  readonly account = undefined;
  readonly #options: EnterpriseSessionOptions;
  readonly #env: ResolvedOAuthEnv;
  readonly #idpKey: string;
  #issuer: string | undefined;
  #lastChallenge: BearerChallenge | undefined;
  #lastToken: string | undefined;
  /** The token last obtained with an ID-JAG: when the server refuses even that one, asking again would loop. */
  #acquiredToken: string | undefined;
  #stepUpScope: string | undefined;
  readonly #stepUpAttempts = new Map<string, number>();

  constructor(options: EnterpriseSessionOptions, env: OAuthEnv = {}) {
    this.#options = options;
    this.#env = resolveEnv(env);
    this.serverUrl = canonicalServerUrl(options.serverUrl);
    this.#idpKey = idpSessionKey(options.enterprise);
    this.#issuer = options.authorizationServerMetadata?.issuer;
  }

  token(): Promise<string | undefined> {
    return this.accessToken();
  }

  /** This server's access token while it is valid; undefined otherwise (the 401 then gets a new one). */
  async accessToken(): Promise<string | undefined> {
    const record = await this.#readRecord();
    if (!record) return undefined;
    if (!this.#usable(record)) return undefined;
    this.#lastToken = record.accessToken;
    return record.accessToken;
  }

  /**
   * A 401 from the MCP server: a new access token through a new ID-JAG. Rejects with AuthorizationRequiredError
   * when the IdP sign-in is missing or over, IdJagRefusedError / IdJagRejectedError when the IdP or the
   * authorization server refuses, UnauthorizedError when the server refuses even a token just obtained.
   */
  async onUnauthorized(
    response: Response | { response: Response },
    options: { signal?: AbortSignal | undefined } = {},
  ): Promise<void> {
    const challenge = challengeFromResponse('status' in response ? response : response.response);
    if (challenge) this.#lastChallenge = challenge;
    if (challenge?.error === 'insufficient_scope') return this.onInsufficientScope(challenge.scope);
    const failedToken = this.#lastToken;
    await this.#env.lock(enterpriseLockName(this.serverUrl), async () => {
      const record = await this.#readRecord();
      // Another session of this server got a new token meanwhile.
      if (record && record.accessToken !== failedToken && this.#usable(record)) return;
      if (record && failedToken !== undefined && failedToken === this.#acquiredToken) {
        await deleteTokens(this.#env.store, this.serverUrl, record.issuer);
        throw new UnauthorizedError(
          `${this.serverUrl} refused an access token its authorization server issued for an ID-JAG`,
          { serverUrl: this.serverUrl },
        );
      }
      if (record) await deleteTokens(this.#env.store, this.serverUrl, record.issuer);
      await this.#acquire(withSignal(this.#env, options.signal));
    });
  }

  /**
   * MCP step-up: the next ID-JAG asks for the union of the current and the required scopes. The IdP decides on
   * them again, so the user signs in again (IdP sessions usually make that one click).
   */
  async onInsufficientScope(requiredScope?: string): Promise<never> {
    const record = await this.#readRecord();
    const decision = decideStepUp({
      currentScope: record?.scope ?? this.#stepUpScope ?? this.#options.scope,
      requiredScope,
      attempts: this.#stepUpAttempts,
    });
    if (decision.outcome === 'exhausted') {
      throw new StepUpExhaustedError('The server still refuses after the step-up', {
        serverUrl: this.serverUrl,
        ...(requiredScope ? { requiredScope } : {}),
      });
    }
    this.#stepUpAttempts.set(decision.scopeSet, decision.attempts);
    this.#stepUpScope = decision.scope;
    if (record) await deleteTokens(this.#env.store, this.serverUrl, record.issuer);
    throw new AuthorizationRequiredError('insufficient_scope', {
      serverUrl: this.serverUrl,
      scope: decision.scope,
      status: 403,
      ...(this.#lastChallenge ? { challenge: this.#lastChallenge } : {}),
    });
  }

  /** The IdP sign-in (OpenID Connect, PKCE); completeAuthorization() finishes it on the callback side. */
  prepareAuthorization(request: PrepareAuthorizationRequest): Promise<PreparedAuthorization> {
    return prepareIdpSignIn(
      {
        settings: this.#options.enterprise,
        redirectUri: this.#options.callbackUrl,
        flow: request.flow,
        ...(request.returnUrl !== undefined ? { returnUrl: request.returnUrl } : {}),
        ...(this.#options.pendingFlowTtlMs !== undefined
          ? { pendingFlowTtlMs: this.#options.pendingFlowTtlMs }
          : {}),
      },
      withSignal(this.#env, request.signal),
    );
  }

  /**
   * Runs `signIn` (the user at the IdP) unless another session of this realm did it while this one waited: the
   * servers of one enterprise connecting at once ask the user once. Sign-ins in other processes are not waited
   * for (a sign-in may take minutes, longer than a lock is held for); they end in the same store.
   */
  async signInOnce(signIn: () => Promise<void>): Promise<void> {
    const name = idpLockName(this.#options.enterprise);
    signInsUnderWay.set(name, (signInsUnderWay.get(name) ?? 0) + 1);
    try {
      await idpSignIns(name, async () => {
        if (await this.#readIdp()) {
          this.#env.log('info', 'signed in at the enterprise IdP meanwhile', {
            idpIssuer: this.#options.enterprise.issuer,
          });
          return;
        }
        await signIn();
      });
    } finally {
      const left = (signInsUnderWay.get(name) ?? 1) - 1;
      if (left > 0) signInsUnderWay.set(name, left);
      else signInsUnderWay.delete(name);
    }
  }

  /** Whether this realm is signing in at this IdP now (its loopback port is then busy with that sign-in). */
  signInUnderWay(): boolean {
    return signInsUnderWay.has(idpLockName(this.#options.enterprise));
  }

  /** Tokens for this server, or an IdP sign-in to get them with. */
  async hasTokens(): Promise<boolean> {
    return (await this.#readRecord()) !== undefined || (await this.#readIdp()) !== undefined;
  }

  async storedAccessToken(): Promise<string | undefined> {
    return (await this.#readRecord())?.accessToken;
  }

  /**
   * Revokes and forgets this server's tokens. The IdP sign-in stays: it belongs to every server of the
   * enterprise (signOutOfIdp() ends it).
   */
  async logout(): Promise<void> {
    const record = await this.#readRecord();
    if (!record) return;
    await revokeTokens(record, this.#env);
    await deleteTokens(this.#env.store, this.serverUrl, record.issuer);
    this.#lastToken = undefined;
    this.#acquiredToken = undefined;
  }

  /** Ends the IdP sign-in for every MCP server that uses it (revoking its refresh token where offered). */
  async signOutOfIdp(): Promise<void> {
    const idp = await this.#readIdp();
    if (!idp) return;
    await revokeTokens(idp, this.#env);
    await deleteTokens(this.#env.store, this.#idpKey, idp.issuer);
  }

  async clear(): Promise<void> {
    const issuer = await this.#currentIssuer();
    if (issuer) await deleteTokens(this.#env.store, this.serverUrl, issuer);
    await forgetDiscovery(this.serverUrl, this.#env);
    this.#issuer = this.#options.authorizationServerMetadata?.issuer;
    this.#lastToken = undefined;
    this.#acquiredToken = undefined;
  }

  /** The IdP sign-in's failures are the IdP's own (AuthorizationServerError, TokenRequestError), as they are. */
  diagnose(error: unknown): unknown {
    return error;
  }

  /** Nothing is registered dynamically for the JWT bearer grant. */
  async forgetClientRegistration(): Promise<void> {}

  async #acquire(env: ResolvedOAuthEnv): Promise<void> {
    const challenge = this.#lastChallenge;
    const discovery = await discoverServer(
      {
        serverUrl: this.serverUrl,
        ...(challenge?.resourceMetadata ? { resourceMetadataUrl: challenge.resourceMetadata } : {}),
        ...(this.#options.authorizationServerMetadata
          ? { configuredMetadata: this.#options.authorizationServerMetadata }
          : {}),
      },
      env,
    );
    const as = discovery.authorizationServer;
    this.#issuer = as.issuer;
    const scope = selectScope({
      ...(this.#stepUpScope ? { stepUp: this.#stepUpScope } : {}),
      ...(this.#options.scope ? { configured: this.#options.scope } : {}),
      ...(challenge?.scope ? { challenge: challenge.scope } : {}),
      ...(discovery.resourceMetadata?.scopes_supported
        ? { resourceScopes: discovery.resourceMetadata.scopes_supported }
        : {}),
    });
    const jag = await this.#idJag(discovery, scope, env);
    const record = await redeemIdJag(
      {
        serverUrl: this.serverUrl,
        resource: discovery.resource,
        authorizationServer: as,
        client: await this.#clientAt(discovery, env),
        assertion: jag.assertion,
        idpIssuer: this.#options.enterprise.issuer,
        ...((jag.scope ?? scope) ? { scope: (jag.scope ?? scope) as string } : {}),
      },
      env,
    );
    await writeTokens(env.store, record);
    this.#acquiredToken = record.accessToken;
    env.log('info', 'signed in through the enterprise IdP', {
      serverUrl: this.serverUrl,
      issuer: as.issuer,
      idpIssuer: this.#options.enterprise.issuer,
      scope: record.scope,
    });
  }

  /** An ID-JAG for this server; an ID token the IdP no longer takes is renewed once (refresh) or signed in again. */
  async #idJag(discovery: DiscoveryRecord, scope: string | undefined, env: ResolvedOAuthEnv) {
    const request = (idp: IdpRecord) =>
      requestIdJag(
        {
          idp,
          audience: discovery.authorizationServer.issuer,
          resource: discovery.resource,
          serverUrl: this.serverUrl,
          ...(scope ? { scope } : {}),
        },
        env,
      );
    const idp = await this.#idpSignIn(env);
    try {
      return await request(idp);
    } catch (error) {
      // RFC 8693 §2.2.2 / RFC 6749 §5.2: invalid_grant is about the subject token, i.e. the ID token.
      if (!(error instanceof IdJagRefusedError) || error.oauthError !== 'invalid_grant') throw error;
      env.log('info', 'the identity provider no longer accepts the ID token', { idpIssuer: idp.issuer });
      return request(await this.#idpSignIn(env, idp.idToken));
    }
  }

  /**
   * The IdP sign-in with an ID token that is still valid: refreshed (once, under the IdP's lock, for every
   * server) when it expired or was refused (`refusedIdToken`). AuthorizationRequiredError when there is none.
   */
  async #idpSignIn(env: ResolvedOAuthEnv, refusedIdToken?: string): Promise<IdpRecord> {
    const settings = this.#options.enterprise;
    const current = await this.#readIdp();
    if (!current) throw this.#signInRequired('no_tokens');
    if (current.idToken !== refusedIdToken && this.#idTokenValid(current.idToken)) return current;
    return env.lock(idpLockName(settings), async () => {
      const record = await this.#readIdp();
      if (!record) throw this.#signInRequired('no_tokens');
      if (record.idToken !== refusedIdToken && this.#idTokenValid(record.idToken)) return record;
      if (!record.refreshToken) {
        await deleteTokens(env.store, this.#idpKey, record.issuer);
        throw this.#signInRequired('token_rejected');
      }
      let refreshed: TokenRecord;
      try {
        refreshed = await refreshTokens(record, env);
      } catch (error) {
        if (error instanceof RefreshError && error.transient) throw error;
        await deleteTokens(env.store, this.#idpKey, record.issuer);
        throw this.#signInRequired('refresh_failed');
      }
      if (!refreshed.idToken) throw this.#signInRequired('refresh_failed');
      await writeTokens(env.store, refreshed);
      env.log('info', 'renewed the enterprise sign-in', { idpIssuer: record.issuer });
      return refreshed as IdpRecord;
    });
  }

  /**
   * The client at the MCP server's authorization server: the server's own pre-registered client or metadata
   * document when configured; else the IdP's client id, the identity the ID-JAG's `client_id` names (the IdP maps
   * its clients to the resource applications they may reach).
   */
  #clientAt(discovery: DiscoveryRecord, env: ResolvedOAuthEnv): Promise<ClientCredentials> {
    const { clientId, clientSecret, clientMetadataUrl, clientName, applicationType } = this.#options;
    const useOwn = clientId !== undefined || clientMetadataUrl !== undefined;
    return registerClient(
      discovery.authorizationServer,
      {
        serverUrl: this.serverUrl,
        redirectUri: this.#options.callbackUrl,
        clientId: useOwn ? clientId : this.#options.enterprise.clientId,
        ...(useOwn && clientSecret ? { clientSecret } : {}),
        clientMetadataUrl,
        clientName,
        applicationType,
      },
      env,
    );
  }

  #signInRequired(reason: 'no_tokens' | 'refresh_failed' | 'token_rejected'): AuthorizationRequiredError {
    return new AuthorizationRequiredError(reason, {
      serverUrl: this.serverUrl,
      ...(this.#lastChallenge ? { challenge: this.#lastChallenge } : {}),
    });
  }

  #idTokenValid(idToken: string): boolean {
    const expiresAt = jwtExpiry(idToken);
    return expiresAt === undefined || expiresAt - this.#skewMs() > this.#env.now();
  }

  #usable(record: TokenRecord): boolean {
    return tokenFreshness(record, this.#env.now(), this.#skewMs()) !== 'expired';
  }

  #skewMs(): number {
    return this.#options.refreshSkewMs ?? DEFAULT_REFRESH_SKEW_MS;
  }

  async #readIdp(): Promise<IdpRecord | undefined> {
    const record = await readTokens(this.#env.store, this.#idpKey, this.#options.enterprise.issuer);
    return record?.idToken ? (record as IdpRecord) : undefined;
  }

  async #currentIssuer(): Promise<string | undefined> {
    if (this.#issuer) return this.#issuer;
    this.#issuer = (await readCachedDiscovery(this.serverUrl, this.#env))?.authorizationServer.issuer;
    return this.#issuer;
  }

  async #readRecord(): Promise<TokenRecord | undefined> {
    const issuer = await this.#currentIssuer();
    return issuer ? readTokens(this.#env.store, this.serverUrl, issuer) : undefined;
  }
}
