import { clientSettingsOf, type OAuthClientSettings } from '../auth/clientSettings';
import type { AuthEventSink } from '../auth/authEvents';
import type { AuthLog } from '../auth/env';
import type { KeyValueStore } from '../auth/memoryStore';
import type { AuthSession } from '../auth/authSession';
import { OAuthSession } from '../auth/OAuthSession';
import { canonicalServerUrl } from '../auth/resourceIdentifier';
import { SessionAuth } from '../auth/SessionAuth';
import type { ConnectionAuthContext } from '../core/connectionAuth';
import type { McpUseError } from '../core/errors';
import { failureFrom, listenForCallbacks } from './callbackChannel';
import { type DiagnosingFetch, diagnosingFetch } from './diagnosingFetch';
import { CallbackOriginError, ClientSecretInBrowserError, NestedSignInError } from './errors';
import { createIdbStore } from './idbStore';
import { runPopupFlow } from './popupFlow';
import { DEFAULT_AUTH_TIMEOUT_MS, withDeadline } from './signInDeadline';
import { completeSignInLanding } from './signInLanding';
import { isSignInWindow } from './signInWindow';
import { announceTokensChanged, listenForTokenChanges, type TokenOwner } from './tabSync';

export interface BrowserOAuthOptions extends OAuthClientSettings {
  serverUrl: string;
  /** Full-page redirect instead of a popup. */
  useRedirectFlow?: boolean;
  /** Give up on a sign-in (popup or redirect) after this many milliseconds. Default 5 minutes; 0: no deadline. */
  authTimeoutMs?: number;
  /** Where tokens and registrations live. Default: IndexedDB (memory where IndexedDB is missing). */
  store?: KeyValueStore;
  log?: AuthLog;
  /** Receives each sign-in step (the connection's event stream). */
  emit?: AuthEventSink;
  /**
   * The app's own proxy (`createProxyHandler` from `mcp-use/proxy`), for authorization servers without CORS
   * headers: metadata, registration, token and revocation requests go through it (the callback page's too).
   */
  oauthProxyUrl?: string;
  /** The MCP requests go through `oauthProxyUrl` as well, for an MCP server without CORS headers. */
  proxyMcpRequests?: boolean;
  /**
   * Enterprise-Managed Authorization: the user signs in at this IdP (in the popup, once for every server that
   * names it) and this server's tokens come from ID-JAGs the IdP issues for it. A public client: no secret.
   */
  enterprise?: { issuer: string; clientId: string };
}

export function defaultCallbackUrl(): string {
  return new URL('/callback', window.location.origin).href;
}

/** The page leaves for the authorization server; the callback page finishes, and the app reconnects on return. */
function redirectTo(authorizationUrl: string): Promise<void> {
  window.location.assign(authorizationUrl);
  return new Promise<void>(() => undefined);
}

/**
 * OAuth for a connection running in a browser: tokens from the engine (IndexedDB, refreshed under a Web Lock),
 * sign-in through a popup or a full-page redirect to the app's callback page.
 */
export class BrowserOAuth extends SessionAuth {
  #session: AuthSession | undefined;
  readonly #options: BrowserOAuthOptions;
  readonly #callbackUrl: string;
  /** A sign-in response this page may have received itself is redeemed, and the session is loaded. */
  readonly #ready: Promise<void>;
  /** The states of the sign-ins this page prepared, by expiry: their results count when heard elsewhere. */
  readonly #prepared = new Map<string, number>();
  /** Every OAuth request: a failure CORS or the app's proxy caused is named as such. */
  readonly #requests: DiagnosingFetch = diagnosingFetch();
  /** Whose tokens these are, as other tabs hear of changes to them. */
  readonly #owner: TokenOwner;

  constructor(options: BrowserOAuthOptions) {
    super(options.serverUrl);
    // Before any request: a secret in the page is readable by anyone who loads it.
    if (options.clientSecret) {
      throw new ClientSecretInBrowserError(
        "clientSecret is refused in the browser, where anyone who loads the page can read it: put it in the app's " +
          'backend, in the clients of createProxyHandler (mcp-use/proxy), and set oauthProxyUrl to that proxy',
        { serverUrl: options.serverUrl },
      );
    }
    this.#options = options;
    this.#callbackUrl = options.callbackUrl ?? defaultCallbackUrl();
    const store = options.store ?? createIdbStore();
    const { oauthProxyUrl } = options;
    const sessionOptions = {
      serverUrl: options.serverUrl,
      callbackUrl: this.#callbackUrl,
      applicationType: 'web' as const,
      ...clientSettingsOf(options),
      // Absolute: the callback page, which may live at another path, redeems the code through it too.
      ...(oauthProxyUrl ? { oauthProxyUrl: new URL(oauthProxyUrl, window.location.href).href } : {}),
    };
    const env = {
      store,
      fetch: this.#requests.fetch,
      ...(options.log ? { log: options.log } : {}),
      ...(options.emit ? { emit: options.emit } : {}),
    };
    const landed = completeSignInLanding(store);
    const { enterprise } = options;
    let account: string | undefined;
    if (enterprise) {
      // Loaded only where it is used: pages without Enterprise-Managed Authorization never fetch it.
      const loaded = import('../auth/EnterpriseSession').then(({ EnterpriseSession }) => {
        this.#session = new EnterpriseSession(
          { ...sessionOptions, enterprise: { issuer: enterprise.issuer, clientId: enterprise.clientId } },
          env,
        );
      });
      this.#ready = Promise.all([landed, loaded]).then(() => undefined);
    } else {
      const session = new OAuthSession(sessionOptions, env);
      this.#session = session;
      account = session.account;
      this.#ready = landed;
    }
    this.#owner = {
      serverUrl: canonicalServerUrl(options.serverUrl),
      account,
      // Not a secret: it only tells this engine's own announcements from the others'.
      id: Math.random().toString(36).slice(2),
    };
    if (oauthProxyUrl) options.log?.('info', `OAuth requests go through the app's proxy at ${oauthProxyUrl}`);
  }

  /** Every entry point awaits #ready first, so the session is always there by the time it is read. */
  get session(): AuthSession {
    if (!this.#session) throw new TypeError('BrowserOAuth: the session is read before it was loaded');
    return this.#session;
  }

  /** Tokens, once a sign-in response this page may have received itself is redeemed. */
  override async token(): Promise<string | undefined> {
    await this.#ready;
    return this.#requests.run(() => super.token());
  }

  override async onUnauthorized(response: Response, context?: ConnectionAuthContext): Promise<void> {
    await this.#ready;
    return this.#requests.run(() => super.onUnauthorized(response, context));
  }

  override async onInsufficientScope(
    scope: string | undefined,
    context?: ConnectionAuthContext,
  ): Promise<never> {
    await this.#ready;
    return this.#requests.run(() => super.onInsufficientScope(scope, context));
  }

  prepareAuthorization(context: ConnectionAuthContext = {}): Promise<string> {
    return this.#requests.run(() => this.#prepare(context));
  }

  async #prepare(context: ConnectionAuthContext): Promise<string> {
    // The callback page must share this page's storage and channel, which are per origin: refuse before any
    // request, instead of a sign-in that ends on another origin's page.
    const callbackOrigin = new URL(this.#callbackUrl).origin;
    if (callbackOrigin !== window.location.origin) {
      throw new CallbackOriginError(callbackOrigin, window.location.origin, {
        serverUrl: this.#options.serverUrl,
      });
    }
    await this.#ready;
    const prepared = await this.session.prepareAuthorization({
      flow: this.#options.useRedirectFlow ? 'redirect' : 'popup',
      returnUrl: window.location.href,
      signal: context.signal,
    });
    for (const [state, expiresAt] of this.#prepared)
      if (expiresAt <= Date.now()) this.#prepared.delete(state);
    this.#prepared.set(prepared.state, prepared.expiresAt);
    return prepared.authorizationUrl.href;
  }

  authorize(authorizationUrl: string, signal: AbortSignal): Promise<void> {
    const { serverUrl, useRedirectFlow, authTimeoutMs = DEFAULT_AUTH_TIMEOUT_MS } = this.#options;
    if (isSignInWindow()) return Promise.reject(new NestedSignInError({ serverUrl }));
    const signedIn = this.signInSteps(authorizationUrl, useRedirectFlow ? 'redirect' : 'popup', () =>
      withDeadline(authTimeoutMs, signal, serverUrl, (inner) =>
        useRedirectFlow
          ? redirectTo(authorizationUrl)
          : runPopupFlow({
              authorizationUrl,
              callbackOrigin: new URL(this.#callbackUrl).origin,
              signal: inner,
              serverUrl,
              onForgedMessage: (origin) =>
                this.#options.log?.('warn', 'Ignored a sign-in message from an unexpected origin or window', {
                  origin,
                }),
            }),
      ),
    );
    // An OAuth error a setting fixes comes back as the error that names it.
    return signedIn.catch((error: unknown) => Promise.reject(this.session.diagnose(error)));
  }

  /**
   * Hears the result of a sign-in this page prepared that finishes without `authorize()`: the prepared URL
   * opened as a plain link in another tab, or a popup the page lost sight of (a Cross-Origin-Opener-Policy makes
   * it look closed). `failure` is undefined on success.
   */
  onSignInElsewhere(listener: (failure?: McpUseError) => void): () => void {
    const stopCallbacks = listenForCallbacks((message) => {
      if (!this.#prepared.delete(message.state)) return;
      const failure = message.ok
        ? undefined
        : (this.session.diagnose(failureFrom(message, this.#options.serverUrl)) as McpUseError);
      this.session.report?.(
        'callback',
        { outcome: failure ? 'error' : 'success' },
        failure ? { error: failure } : {},
      );
      if (!failure) void this.session.reportTokens?.();
      listener(failure);
    });
    // Or another tab signed in to this server and account: its tokens are this page's too.
    const stopTabs = this.#whenTokens('new', () => listener());
    return () => {
      stopCallbacks();
      stopTabs();
    };
  }

  /** Calls `listener` when another tab signs out of this server and account (logout, clearStorage). */
  onSignOutElsewhere(listener: () => void): () => void {
    return this.#whenTokens('none', listener);
  }

  /** Revokes and forgets the tokens, then tells the other tabs. */
  override async logout(): Promise<void> {
    await this.#ready;
    await super.logout();
    announceTokensChanged(this.#owner);
  }

  /** Forgets everything stored for this server: tokens, client registration, discovery results. */
  async clearStorage(): Promise<void> {
    await this.#ready;
    await this.session.clear();
    await this.session.forgetClientRegistration();
    announceTokensChanged(this.#owner);
  }

  /**
   * On a change heard from another tab, reads the store (the message says only that something changed) and
   * calls `listener` when it now holds a token other than the one stored when listening began (`new`: a tab
   * waiting for a wider scope must not reconnect with the token it has), or none at all (`none`); never after
   * the returned stop.
   */
  #whenTokens(wanted: 'new' | 'none', listener: () => void): () => void {
    let listening = true;
    // A store that cannot be read now tells nothing: the connection finds out at its next request.
    const stored = () => this.#ready.then(() => this.session.storedAccessToken()).catch(() => null);
    const before = stored();
    const stop = listenForTokenChanges(this.#owner, async () => {
      const [was, now] = await Promise.all([before, stored()]);
      if (now === null) return;
      const matches = wanted === 'none' ? now === undefined : now !== undefined && now !== was;
      if (matches && listening) listener();
    });
    return () => {
      listening = false;
      stop();
    };
  }
}
