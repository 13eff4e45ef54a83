import { clientSettingsOf, type OAuthClientSettings } from '../auth/clientSettings';
import type { AuthLog } from '../auth/env';
import type { KeyValueStore } from '../auth/memoryStore';
import { OAuthSession } from '../auth/OAuthSession';
import { SessionAuth } from '../auth/SessionAuth';
import type { ConnectionAuthContext } from '../core/connectionAuth';
import { createIdbStore } from './idbStore';
import { runPopupFlow } from './popupFlow';

export interface BrowserOAuthOptions extends OAuthClientSettings {
  serverUrl: string;
  /** The app's callback page (runs `onMcpAuthorization()`). Default: `<origin>/oauth/callback`. */
  callbackUrl?: string;
  /** Full-page redirect instead of a popup. */
  useRedirectFlow?: boolean;
  /** Give up on a popup sign-in after this many milliseconds (default: wait until the popup closes). */
  authTimeoutMs?: number;
  /** Where tokens and registrations live. Default: IndexedDB (memory where IndexedDB is missing). */
  store?: KeyValueStore;
  log?: AuthLog;
}

export function defaultCallbackUrl(): string {
  return new URL('/oauth/callback', window.location.origin).href;
}

/**
 * OAuth for a connection running in a browser: tokens from the engine (IndexedDB, refreshed under a Web Lock),
 * sign-in through a popup or a full-page redirect to the app's callback page.
 */
export class BrowserOAuth extends SessionAuth {
  readonly session: OAuthSession;
  readonly #options: BrowserOAuthOptions;
  readonly #callbackUrl: string;

  constructor(options: BrowserOAuthOptions) {
    super(options.serverUrl);
    this.#options = options;
    this.#callbackUrl = options.callbackUrl ?? defaultCallbackUrl();
    this.session = new OAuthSession(
      {
        serverUrl: options.serverUrl,
        callbackUrl: this.#callbackUrl,
        applicationType: 'web',
        ...clientSettingsOf(options),
      },
      { store: options.store ?? createIdbStore(), ...(options.log ? { log: options.log } : {}) },
    );
  }

  async prepareAuthorization(context: ConnectionAuthContext = {}): Promise<string> {
    const prepared = await this.session.prepareAuthorization({
      flow: this.#options.useRedirectFlow ? 'redirect' : 'popup',
      returnUrl: window.location.href,
      signal: context.signal,
    });
    return prepared.authorizationUrl.href;
  }

  authorize(authorizationUrl: string, signal: AbortSignal): Promise<void> {
    if (this.#options.useRedirectFlow) {
      window.location.assign(authorizationUrl);
      // The page is leaving; the callback page finishes, and the app reconnects when it loads again.
      return new Promise<void>(() => undefined);
    }
    return runPopupFlow({
      authorizationUrl,
      callbackOrigin: new URL(this.#callbackUrl).origin,
      signal,
      serverUrl: this.#options.serverUrl,
      ...(this.#options.authTimeoutMs !== undefined ? { timeoutMs: this.#options.authTimeoutMs } : {}),
      onForgedMessage: (origin) =>
        this.#options.log?.('warn', 'Ignored a sign-in message from an unexpected origin or window', {
          origin,
        }),
    });
  }

  /** Forgets everything stored for this server: tokens, client registration, discovery results. */
  async clearStorage(): Promise<void> {
    await this.session.clear();
    await this.session.forgetClientRegistration();
  }
}
