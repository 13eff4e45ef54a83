/**
 * The OAuth state of one MCP server: hands out access tokens (refreshing them when needed), reacts to 401 and
 * 403 answers, and prepares authorization URLs when the user has to sign in.
 *
 * How a caller gets a prepared authorization URL: `accessToken()` resolves undefined when there is no token;
 * the request then goes out without one and the server's 401 reaches `onUnauthorized(response)`. When no token
 * can be had without the user, `onUnauthorized` (and `onInsufficientScope`) reject with
 * AuthorizationRequiredError. The caller then awaits `prepareAuthorization({ flow, returnUrl })` — discovery,
 * registration, PKCE, state and the pending-flow record all happen there — and keeps the returned URL, which
 * can be opened later synchronously (e.g. `window.open` inside a click handler). The session remembers the
 * last challenge and the step-up scope, so nothing has to be passed back. The callback side finishes with the
 * standalone `completeAuthorization()`, which stores the tokens where this session reads them.
 */
import type { McpEventFieldMap, McpEventType } from '../core/events';
import { checkedAccount } from './accountName';
import { emitStep, type StepOutcome } from './authEvents';
import { bearerExpiry, bearerOf } from './bearerToken';
import { diagnoseSignInFailure, type SignInAttempt } from './diagnoseSignIn';
import { TokenRefusedError } from './diagnosticErrors';
import { forgetDiscovery, readCachedDiscovery } from './discoverServer';
import { fetchThroughProxy } from '../core/fetchThroughProxy';
import { McpUseError } from '../core/errors';
import { type OAuthEnv, type ResolvedOAuthEnv, resolveEnv, withSignal } from './env';
import { AuthorizationRequiredError, RefreshError, StepUpExhaustedError, safeCause } from './errors';
import {
  type OAuthSessionOptions,
  type PrepareAuthorizationRequest,
  type PreparedAuthorization,
  prepareSignIn,
} from './prepareSignIn';
import { refreshTokens } from './refreshTokens';
import { type RefreshOutcome, refreshUnderLock } from './refreshUnderLock';
import { forgetRegisteredClient } from './registerClient';
import { canonicalServerUrl } from './resourceIdentifier';
import { revokeTokens } from './revokeTokens';
import { refreshStep, tokenFields, unauthorizedFields } from './sessionEvents';
import { SignInTokenWatch } from './signInToken';
import { MAX_SCOPES } from './scope';
import { decideStepUp } from './stepUpPolicy';
import { DEFAULT_REFRESH_SKEW_MS, type TokenFreshness, tokenFreshness } from './tokenFreshness';
import { deleteTokens, readTokens, writeTokens } from './tokenStore';
import type { TokenRecord } from './types';
import { type BearerChallenge, challengeFromResponse } from './wwwAuthenticate';

export type {
  OAuthSessionOptions,
  PrepareAuthorizationRequest,
  PreparedAuthorization,
} from './prepareSignIn';
// Defined beside the policies they tune; exported here as well, for the imports that already use this path.
export { DEFAULT_REFRESH_SKEW_MS } from './tokenFreshness';
export { MAX_STEP_UP_ATTEMPTS } from './stepUpPolicy';

export class OAuthSession {
  /** Canonical MCP server URL; the key of this server's discovery and tokens. */
  readonly serverUrl: string;
  /** Which of the user's accounts on the server; undefined for the default one. */
  readonly account: string | undefined;
  readonly #options: OAuthSessionOptions;
  readonly #env: ResolvedOAuthEnv;
  #issuer: string | undefined;
  #lastChallenge: BearerChallenge | undefined;
  /** Access token last handed out, i.e. the one a following 401 refers to. */
  #lastToken: string | undefined;
  /** Access token obtained by a reactive refresh: if the server refuses it too, no second refresh. */
  #reactivelyRefreshedToken: string | undefined;
  #refreshRefused = false;
  #stepUpScope: string | undefined;
  readonly #stepUpAttempts = new Map<string, number>();
  /** What the last prepared sign-in asked for, to name the setting that fixes its refusal. */
  #attempt: SignInAttempt | undefined;
  readonly #signInToken = new SignInTokenWatch();

  constructor(options: OAuthSessionOptions, env: OAuthEnv = {}) {
    this.#options = options;
    const resolved = { ...resolveEnv(env), ...(env.emit ? { emit: env.emit } : {}) };
    const proxyUrl = options.oauthProxyUrl;
    this.#env = proxyUrl ? { ...resolved, fetch: fetchThroughProxy(proxyUrl, resolved.fetch) } : resolved;
    // URL policy (https, or loopback http) is enforced at the first network step, not here: a session can be
    // created for any server, and only servers that actually ask for OAuth must pass it.
    this.serverUrl = canonicalServerUrl(options.serverUrl);
    // Checked before anything is stored under it (accountName.ts holds the rule).
    this.account = checkedAccount(options.account, { serverUrl: options.serverUrl });
    this.#issuer = options.authorizationServerMetadata?.issuer;
  }

  /** Same as accessToken(): lets the session serve as an SDK AuthProvider / connection auth plug-in. */
  token(): Promise<string | undefined> {
    return this.accessToken();
  }

  /**
   * The access token for this server, refreshed first when it expires within the skew. Undefined when there
   * is none (never signed in, or the refresh token was refused — the tokens are then deleted).
   */
  async accessToken(): Promise<string | undefined> {
    const record = await this.#readRecord();
    if (!record) return undefined;
    const freshness = this.#freshness(record);
    if (freshness === 'fresh') return this.#handOut(record);
    if (!record.refreshToken) return freshness === 'expired' ? undefined : this.#handOut(record);
    try {
      const refreshed = await this.#refresh(record.accessToken);
      return refreshed ? this.#handOut(refreshed) : undefined;
    } catch (error) {
      // A refresh that may work later (network, 5xx): keep using the token while it is still valid — asked
      // of the clock again, since the failed attempt itself took time.
      if (this.#freshness(record) !== 'expired') {
        this.#env.log('warn', 'proactive refresh failed; using the current token', {
          error: safeCause(error),
        });
        return this.#handOut(record);
      }
      throw error;
    }
  }

  /**
   * Handles a 401 from the MCP server (a Response, or the SDK's `{ response }` context). Resolves when a retry
   * may succeed (one reactive refresh at most); rejects with AuthorizationRequiredError when the user must sign
   * in, or with the 403 step-up outcome when the challenge says `insufficient_scope`. Once `signal` has aborted
   * no refresh is started; one under way is not cut short (see #refresh).
   */
  async onUnauthorized(
    response: Response | { response: Response },
    options: { signal?: AbortSignal | undefined } = {},
  ): Promise<void> {
    const answer = isResponse(response) ? response : response.response;
    const challenge = challengeFromResponse(answer);
    this.report('unauthorized', unauthorizedFields(this.serverUrl, challenge), { status: answer.status });
    if (challenge) this.#lastChallenge = challenge;
    if (challenge?.error === 'insufficient_scope') {
      return this.onInsufficientScope(challenge.scope, challenge);
    }

    const record = await this.#readRecord();
    if (!record) {
      throw new AuthorizationRequiredError(
        this.#refreshRefused ? 'refresh_failed' : 'no_tokens',
        this.#details(challenge),
      );
    }
    const failedToken = this.#lastToken ?? this.#bearerOf(record);
    await this.#refuseIfNeverAccepted(failedToken, record, challenge);
    if (failedToken === this.#reactivelyRefreshedToken || !record.refreshToken) {
      // Refreshing again would loop: the server refuses even fresh tokens (or there is nothing to refresh with).
      this.#env.log('info', 'token refused by the server; sign-in required', { serverUrl: this.serverUrl });
      await deleteTokens(this.#env.store, this.serverUrl, record.issuer, { account: this.account });
      // The server may have moved to another authorization server: discover again before the next sign-in.
      if (!this.#options.authorizationServerMetadata) await forgetDiscovery(this.serverUrl, this.#env);
      this.#issuer = this.#options.authorizationServerMetadata?.issuer;
      throw new AuthorizationRequiredError('token_rejected', this.#details(challenge));
    }
    options.signal?.throwIfAborted();
    let refreshed: TokenRecord | undefined;
    try {
      refreshed = await this.#refresh(failedToken);
    } catch (error) {
      // Typed already (RefreshError, RefreshUnavailableError, a store's lock errors): passed on as it is.
      if (error instanceof McpUseError) throw error;
      throw new RefreshError('Token refresh failed', { serverUrl: this.serverUrl, cause: safeCause(error) });
    }
    if (!refreshed) throw new AuthorizationRequiredError('refresh_failed', this.#details(challenge));
    this.#reactivelyRefreshedToken = this.#bearerOf(refreshed);
  }

  /**
   * The server refused the token of the sign-in just made before accepting anything with it, as it did the
   * previous sign-in's: signing in again would only bring the same kind of token (for another audience, or the
   * wrong kind), so stop with the error that names the settings (signInToken.ts). Not when the server points to
   * other metadata: it moved, and a new sign-in helps.
   */
  async #refuseIfNeverAccepted(
    failedToken: string,
    record: TokenRecord,
    challenge: BearerChallenge | undefined,
  ): Promise<void> {
    if (challenge?.resourceMetadata) {
      const cached = await readCachedDiscovery(this.serverUrl, this.#env);
      if (cached?.resourceMetadataUrl !== new URL(challenge.resourceMetadata, this.serverUrl).href) return;
    }
    if (!this.#signInToken.refusedAgain(failedToken)) return;
    throw new TokenRefusedError(this.#options.useIdToken ? 'id_token' : 'access_token', record.issuer, {
      serverUrl: this.serverUrl,
      status: 401,
      ...(challenge?.error ? { challengeError: challenge.error } : {}),
      ...(challenge?.errorDescription ? { description: challenge.errorDescription } : {}),
    });
  }

  /**
   * The error a failed sign-in (the authorization response, or the code exchange) ends with, turned into the one
   * that names the setting that fixes it where there is one (diagnoseSignIn.ts).
   */
  diagnose(error: unknown): unknown {
    return diagnoseSignInFailure(error, this.#attempt);
  }

  /**
   * Step-up after a 403 `insufficient_scope` (MCP authorization "Step-Up Authorization Flow"): the next
   * authorization asks for the union of the current and the required scopes. Always rejects — with
   * AuthorizationRequiredError, or StepUpExhaustedError once the same union was already tried
   * MAX_STEP_UP_ATTEMPTS times or it would exceed MAX_SCOPES scopes.
   */
  async onInsufficientScope(requiredScope?: string, challenge?: BearerChallenge): Promise<never> {
    const record = await this.#readRecord();
    const decision = decideStepUp({
      currentScope: record?.scope ?? this.#stepUpScope ?? this.#options.scope,
      requiredScope,
      attempts: this.#stepUpAttempts,
    });
    const details = { serverUrl: this.serverUrl, ...(requiredScope ? { requiredScope } : {}) };
    if (decision.outcome === 'exhausted') {
      const error = new StepUpExhaustedError(
        decision.reason === 'too_many_scopes'
          ? `Step-up would request more than ${MAX_SCOPES} scopes`
          : `The server still refuses after ${decision.attempts} step-up authorizations`,
        details,
      );
      this.report('step_up', { requiredScope }, { status: 403, error });
      throw error;
    }
    this.#stepUpAttempts.set(decision.scopeSet, decision.attempts);
    this.#stepUpScope = decision.scope;
    this.report('step_up', { requiredScope, scope: decision.scope }, { status: 403 });
    this.#env.log('info', 'step-up authorization required', {
      serverUrl: this.serverUrl,
      scope: this.#stepUpScope,
    });
    throw new AuthorizationRequiredError('insufficient_scope', {
      ...this.#details(challenge ?? this.#lastChallenge),
      scope: this.#stepUpScope,
      status: 403,
    });
  }

  /**
   * Does everything a sign-in needs before the user is involved — discovery (cached), client registration
   * (reused), scope selection, PKCE, state — stores the pending flow and returns the authorization URL.
   */
  async prepareAuthorization(request: PrepareAuthorizationRequest): Promise<PreparedAuthorization> {
    const given = request.challenge;
    const challenge = (isResponse(given) ? challengeFromResponse(given) : given) ?? this.#lastChallenge;
    const prepared = await prepareSignIn(
      {
        serverUrl: this.serverUrl,
        options: this.#options,
        request,
        ...(challenge ? { challenge } : {}),
        ...(this.#stepUpScope ? { stepUpScope: this.#stepUpScope } : {}),
      },
      withSignal(this.#env, request.signal),
    );
    this.#issuer = prepared.attempt.issuer;
    this.#attempt = prepared.attempt;
    this.#signInToken.prepared(this.#env.now());
    this.#refreshRefused = false;
    this.#reactivelyRefreshedToken = undefined;
    return prepared.authorization;
  }

  /** This session's clock (ms since the epoch), for timing steps. */
  now(): number {
    return this.#env.now();
  }

  /** Emits one sign-in step to this session's event sink, if it has one (authEvents.ts). */
  report<T extends McpEventType>(type: T, fields: McpEventFieldMap[T], outcome?: StepOutcome): void {
    emitStep(this.#env, type, fields, outcome);
  }

  /** The `token` step for the tokens stored now: their kind, scope and lifetime, never the tokens. */
  async reportTokens(outcome: StepOutcome = {}): Promise<void> {
    if (!this.#env.emit) return;
    const record = await this.#readRecord();
    this.report('token', record ? tokenFields(record) : {}, outcome);
  }

  async hasTokens(): Promise<boolean> {
    return (await this.#readRecord()) !== undefined;
  }

  /** The stored access token as it is (never refreshed here); undefined when signed out. */
  async storedAccessToken(): Promise<string | undefined> {
    return (await this.#readRecord())?.accessToken;
  }

  /** Signs out: revokes the tokens at the authorization server when it offers revocation, then deletes them. */
  async logout(): Promise<void> {
    const record = await this.#readRecord();
    if (!record) return;
    await revokeTokens(record, this.#env);
    await deleteTokens(this.#env.store, this.serverUrl, record.issuer, { account: this.account });
    this.#forgetRuntimeState();
    this.#env.log('info', 'signed out', { serverUrl: this.serverUrl, issuer: record.issuer });
  }

  /**
   * Forgets this server's tokens and cached discovery, without telling the authorization server. Client
   * registrations are kept: they belong to the authorization server and may serve other MCP servers.
   */
  async clear(): Promise<void> {
    const issuer = await this.#currentIssuer();
    if (issuer) await deleteTokens(this.#env.store, this.serverUrl, issuer, { account: this.account });
    await forgetDiscovery(this.serverUrl, this.#env);
    this.#issuer = this.#options.authorizationServerMetadata?.issuer;
    this.#forgetRuntimeState();
  }

  /** Drops a dynamically registered client the authorization server refuses (`invalid_client`). */
  async forgetClientRegistration(): Promise<void> {
    const issuer = await this.#currentIssuer();
    if (issuer) await forgetRegisteredClient(issuer, this.#options.callbackUrl, this.#env, this.account);
  }

  #forgetRuntimeState(): void {
    this.#lastToken = undefined;
    this.#signInToken.forget();
    this.#reactivelyRefreshedToken = undefined;
    this.#stepUpScope = undefined;
    this.#stepUpAttempts.clear();
    this.#refreshRefused = false;
  }

  #details(challenge: BearerChallenge | undefined) {
    return { serverUrl: this.serverUrl, ...(challenge ? { challenge } : {}) };
  }

  #bearerOf(record: TokenRecord): string {
    return bearerOf(record, this.#options.useIdToken === true);
  }

  #handOut(record: TokenRecord): string {
    const bearer = this.#bearerOf(record);
    this.#signInToken.handedOut(record, bearer, this.#env.log);
    this.#lastToken = bearer;
    return bearer;
  }

  #refreshSkewMs(): number {
    return this.#options.refreshSkewMs ?? DEFAULT_REFRESH_SKEW_MS;
  }

  #freshness(record: TokenRecord): TokenFreshness {
    const expiresAt = bearerExpiry(record, this.#options.useIdToken === true);
    return tokenFreshness(
      { obtainedAt: record.obtainedAt, ...(expiresAt !== undefined ? { expiresAt } : {}) },
      this.#env.now(),
      this.#refreshSkewMs(),
    );
  }

  async #currentIssuer(): Promise<string | undefined> {
    if (this.#issuer) return this.#issuer;
    const cached = await readCachedDiscovery(this.serverUrl, this.#env);
    this.#issuer = cached?.authorizationServer.issuer;
    return this.#issuer;
  }

  async #readRecord(): Promise<TokenRecord | undefined> {
    const issuer = await this.#currentIssuer();
    const record = issuer
      ? await readTokens(this.#env.store, this.serverUrl, issuer, this.account)
      : undefined;
    // Under useIdToken, tokens from before the setting (no ID token) are no tokens: the next sign-in asks for
    // openid. A sign-in just made that brought none is the authorization server's doing, and says so (bearerOf).
    if (record && this.#options.useIdToken && !record.idToken && !this.#signInToken.isLatest(record)) {
      return undefined;
    }
    return record;
  }

  /**
   * Replaces `staleToken` (refreshUnderLock.ts). Resolves undefined when the refresh token was refused (the
   * tokens are then deleted) or there is none. It takes no caller's abort signal, only the per-request timeout:
   * it is shared work (every holder of the lock waits for its outcome), and with rotating refresh tokens
   * (RFC 9700 §4.14.2) a refresh dropped after the server answered loses the new refresh token and the grant.
   */
  async #refresh(staleToken: string): Promise<TokenRecord | undefined> {
    const { store, lock, now, log } = this.#env;
    const started = now();
    let rotated: boolean | undefined;
    let result: RefreshOutcome;
    try {
      result = await refreshUnderLock(staleToken, {
        serverUrl: this.serverUrl,
        account: this.account,
        lock,
        read: () => this.#readRecord(),
        write: (record, lease) => writeTokens(store, record, lease ? { lease } : {}),
        delete: (record, lease) =>
          deleteTokens(store, record.serverUrl, record.issuer, {
            account: record.account,
            ...(lease ? { lease } : {}),
          }),
        refresh: async (record) => {
          const next = await refreshTokens(record, this.#env);
          rotated = next.refreshToken !== record.refreshToken;
          return next;
        },
        now,
        skewMs: this.#refreshSkewMs(),
        log,
      });
    } catch (error) {
      this.report('refresh', { outcome: 'failed' }, { started, error });
      throw error;
    }
    refreshStep(this, this.serverUrl, result, { started, rotated });
    switch (result.outcome) {
      case 'refreshed':
        this.#refreshRefused = false;
        return result.record;
      case 'reused':
        return result.record;
      case 'refused':
        this.#refreshRefused = true;
        return undefined;
      case 'no_tokens':
      case 'no_refresh_token':
        return undefined;
    }
  }
}

/** Duck-typed: a Response from another realm (an SDK's fetch polyfill, an iframe) fails `instanceof`. */
function isResponse(value: unknown): value is Response {
  return typeof value === 'object' && value !== null && 'status' in value && 'headers' in value;
}
