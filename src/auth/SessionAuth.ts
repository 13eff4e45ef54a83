import { ForbiddenError, UnauthorizedError } from '../core/errors';
import type { ConnectionAuth, ConnectionAuthContext } from '../core/connectionAuth';
import { AuthorizationRequiredError, DiscoveryError, SignInRequiredError } from './errors';
import type { AuthSession } from './authSession';

/**
 * What the browser and Node plug-ins share: tokens from the engine's session, and "the user must sign in" turned
 * into a SignInRequiredError whose authorization URL is already prepared. Each runtime adds how the URL is
 * prepared (which flow) and how the user is sent to it (popup, redirect, loopback).
 */
export abstract class SessionAuth implements ConnectionAuth {
  abstract readonly session: AuthSession;

  readonly #serverUrl: string;
  readonly #serverName: string | undefined;

  constructor(serverUrl: string, serverName?: string) {
    this.#serverUrl = serverUrl;
    this.#serverName = serverName;
  }

  /** Discovery, registration, PKCE and state; the requests end when `context.signal` aborts. */
  abstract prepareAuthorization(context?: ConnectionAuthContext): Promise<string>;
  abstract authorize(authorizationUrl: string, signal: AbortSignal): Promise<void>;

  token(): Promise<string | undefined> {
    return this.session.accessToken();
  }

  async onUnauthorized(response: Response, context: ConnectionAuthContext = {}): Promise<void> {
    try {
      await this.session.onUnauthorized(response, context);
    } catch (error) {
      throw await this.#withAuthorizationUrl(error, response.status, context);
    }
  }

  /**
   * MCP authorization, step-up: a 403 `insufficient_scope` asks for a wider grant. Rejects with a
   * SignInRequiredError for the union of the current and required scopes, or with StepUpExhaustedError once the
   * engine stops asking.
   */
  async onInsufficientScope(
    requiredScope: string | undefined,
    context: ConnectionAuthContext = {},
  ): Promise<never> {
    try {
      return await this.session.onInsufficientScope(requiredScope);
    } catch (error) {
      throw await this.#withAuthorizationUrl(error, 403, context);
    }
  }

  /** Revokes this server's tokens where the authorization server supports it, then forgets them. */
  logout(): Promise<void> {
    return this.session.logout();
  }

  /** Turns "the user must sign in" into the same error with a prepared authorization URL attached. */
  async #withAuthorizationUrl(
    error: unknown,
    status: number,
    context: ConnectionAuthContext,
  ): Promise<unknown> {
    if (!(error instanceof AuthorizationRequiredError)) return error;
    // Prepared now (discovery, registration, PKCE, state), so that sign-in can start synchronously later.
    try {
      return new SignInRequiredError(error, await this.prepareAuthorization(context));
    } catch (cause) {
      // A refusal from a server that publishes no OAuth metadata is a plain 401/403, not an OAuth problem.
      if (!(cause instanceof DiscoveryError)) return cause;
      const Refusal = status === 403 ? ForbiddenError : UnauthorizedError;
      return new Refusal(`${this.#serverUrl} answered ${status} and offers no OAuth sign-in`, {
        serverUrl: this.#serverUrl,
        ...(this.#serverName !== undefined ? { serverName: this.#serverName } : {}),
        cause,
      });
    }
  }
}
