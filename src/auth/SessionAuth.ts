import { ForbiddenError, UnauthorizedError } from '../core/errors';
import type { ConnectionAuth, ConnectionAuthContext } from '../core/connectionAuth';
import { authorizationFields } from './authEvents';
import { AuthorizationRequiredError, DiscoveryError, SignInRequiredError } from './errors';
import type { AuthSession } from './authSession';
import type { FlowKind } from './types';

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

  /**
   * The user's part of a sign-in, reported as steps: `authorization` as the user is sent, `callback` when the
   * authorization response is back (`received()`, or when `run` resolves), then `token` (timed from `received()`:
   * where the code is redeemed here; a popup's callback page redeems it in its own window). `run` is called
   * synchronously, so a popup it opens still counts as opened in the click.
   */
  protected signInSteps(
    authorizationUrl: string,
    flow: FlowKind,
    run: (received: () => void) => Promise<void>,
  ): Promise<void> {
    const { session } = this;
    session.report?.('authorization', authorizationFields(authorizationUrl, flow));
    const now = () => session.now?.() ?? Date.now();
    const sent = now();
    let receivedAt: number | undefined;
    const received = () => {
      if (receivedAt !== undefined) return;
      receivedAt = now();
      session.report?.('callback', { outcome: 'success' }, { started: sent });
    };
    return new Promise<void>((resolve) => resolve(run(received))).then(
      async () => {
        const exchangeStarted = receivedAt;
        received();
        await session.reportTokens?.(exchangeStarted === undefined ? {} : { started: exchangeStarted });
      },
      (error: unknown) => {
        if (receivedAt === undefined)
          session.report?.('callback', { outcome: 'error' }, { started: sent, error });
        else session.report?.('token', {}, { started: receivedAt, error });
        throw error;
      },
    );
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
