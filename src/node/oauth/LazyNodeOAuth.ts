import type { ConnectionAuth, ConnectionAuthContext } from '../../core/connectionAuth';
import { DEFAULT_CALLBACK_PORT, loopbackAddress, loopbackCallbackUrl } from './loopbackCallback';
import type { NodeOAuth, NodeOAuthOptions } from './NodeOAuth';

/**
 * NodeOAuth, loaded on first use: the OAuth engine (discovery, registration, PKCE, refresh, oauth4webapi) is
 * not part of starting a process, and a session whose token is still good asks for it only when the first
 * request goes out. What a configuration says about the plug-in (its callback) is known without loading it.
 */
export class LazyNodeOAuth implements ConnectionAuth {
  readonly callbackPort: number;
  readonly callbackUrl: string;
  readonly #options: NodeOAuthOptions;
  #loading: Promise<NodeOAuth> | undefined;

  constructor(options: NodeOAuthOptions) {
    this.#options = options;
    // As NodeOAuth has them: an exact redirect URI names its own port.
    this.callbackUrl =
      options.callbackUrl ?? loopbackCallbackUrl(options.callbackPort ?? DEFAULT_CALLBACK_PORT);
    this.callbackPort = loopbackAddress(this.callbackUrl).port;
  }

  /** The engine itself, loaded (once) on the first call that needs it. */
  load(): Promise<NodeOAuth> {
    this.#loading ??= import('./NodeOAuth').then(({ NodeOAuth }) => new NodeOAuth(this.#options));
    return this.#loading;
  }

  async token(): Promise<string | undefined> {
    return (await this.load()).token();
  }

  async onUnauthorized(response: Response, context?: ConnectionAuthContext): Promise<void> {
    return (await this.load()).onUnauthorized(response, context);
  }

  async onInsufficientScope(
    requiredScope: string | undefined,
    context?: ConnectionAuthContext,
  ): Promise<never> {
    return (await this.load()).onInsufficientScope(requiredScope, context);
  }

  async prepareAuthorization(context?: ConnectionAuthContext): Promise<string> {
    return (await this.load()).prepareAuthorization(context);
  }

  async authorize(authorizationUrl: string, signal: AbortSignal): Promise<void> {
    return (await this.load()).authorize(authorizationUrl, signal);
  }

  async logout(): Promise<void> {
    await (await this.load()).logout();
  }

  async clearStorage(): Promise<void> {
    await (await this.load()).clearStorage();
  }
}
