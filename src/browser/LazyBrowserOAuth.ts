import type { ConnectionAuth, ConnectionAuthContext } from '../core/connectionAuth';
import type { McpUseError } from '../core/errors';
import type { BrowserOAuth, BrowserOAuthOptions } from './BrowserOAuth';

/**
 * BrowserOAuth, loaded on first use. The OAuth engine (discovery, registration, PKCE, refresh, oauth4webapi) is
 * a large share of the React entry, and apps that only talk to bearer-token servers never need it: a bundler
 * puts it in a chunk of its own that is fetched when a connection first asks for a token.
 */
export class LazyBrowserOAuth implements ConnectionAuth {
  readonly #options: BrowserOAuthOptions;
  #loaded: BrowserOAuth | undefined;
  #loading: Promise<BrowserOAuth> | undefined;

  constructor(options: BrowserOAuthOptions) {
    this.#options = options;
  }

  #load(): Promise<BrowserOAuth> {
    this.#loading ??= import('./BrowserOAuth').then(({ BrowserOAuth }) => {
      this.#loaded = new BrowserOAuth(this.#options);
      return this.#loaded;
    });
    return this.#loading;
  }

  async token(): Promise<string | undefined> {
    return (await this.#load()).token();
  }

  async onUnauthorized(response: Response, context?: ConnectionAuthContext): Promise<void> {
    return (await this.#load()).onUnauthorized(response, context);
  }

  async onInsufficientScope(
    requiredScope: string | undefined,
    context?: ConnectionAuthContext,
  ): Promise<never> {
    return (await this.#load()).onInsufficientScope(requiredScope, context);
  }

  async prepareAuthorization(context?: ConnectionAuthContext): Promise<string> {
    return (await this.#load()).prepareAuthorization(context);
  }

  authorize(authorizationUrl: string, signal: AbortSignal): Promise<void> {
    // Synchronous when loaded — always the case here, since the URL came from the loaded engine — so the popup
    // opens inside the user's click.
    if (this.#loaded) return this.#loaded.authorize(authorizationUrl, signal);
    return this.#load().then((oauth) => oauth.authorize(authorizationUrl, signal));
  }

  onSignInElsewhere(listener: (failure?: McpUseError) => void): () => void {
    // Asked for in pending_auth only, after the loaded engine prepared the URL.
    return this.#loaded?.onSignInElsewhere(listener) ?? (() => undefined);
  }

  onSignOutElsewhere(listener: () => void): () => void {
    return this.#loaded?.onSignOutElsewhere(listener) ?? (() => undefined);
  }

  async logout(): Promise<void> {
    await (await this.#load()).logout();
  }

  async clearStorage(): Promise<void> {
    await (await this.#load()).clearStorage();
  }
}
