import { McpUseError } from './errors';

/**
 * The sign-in contract between a Connection and its authentication plug-in (OAuth lives outside the core: the
 * browser and Node plug-ins in src/browser and src/node implement this, test fakes too).
 *
 * The states, as the connection sees them:
 * - **signed in**: `token()` resolves a token, sent as `Authorization: Bearer …` with every request.
 * - **not yet signed in**: `token()` resolves undefined; the request goes out without one and the server's 401
 *   reaches `onUnauthorized()`.
 * - **recoverable**: `onUnauthorized()` resolves (e.g. after a refresh); the request is retried once.
 * - **sign-in required**: `onUnauthorized()` or `onInsufficientScope()` rejects with a {@link SignInRequired}
 *   error whose authorization URL is already prepared. The connection waits in `pending_auth` with `authUrl` set,
 *   until `authenticate()` calls `authorize(url)`; once it resolves the connection connects again.
 * - **failed**: any other rejection, an McpUseError whose code starts with `auth_` (see {@link isAuthFailure});
 *   a failure while a connection is ready ends that connection instead of a reconnect loop.
 */
export interface ConnectionAuth {
  /** Bearer token for the next request, or undefined when there is none yet. */
  token(): Promise<string | undefined>;
  /**
   * Called on a 401 to the token `token()` last gave (or to none, when it gave none yet). Resolve when a retry may
   * succeed (e.g. after a refresh); reject with a SignInRequired error when the user must sign in. A 401 to a
   * request that went out without a token, or with an older one, after a newer token was handed out is not passed
   * on: the request is retried with the current token.
   */
  onUnauthorized(response: Response, context?: ConnectionAuthContext): Promise<void>;
  /**
   * Called on a 403 `insufficient_scope` (step-up): reject with a SignInRequired error for the wider scope, or
   * with another typed error when no more step-up is sensible.
   */
  onInsufficientScope?(requiredScope: string | undefined, context?: ConnectionAuthContext): Promise<never>;
  /** Prepares a fresh authorization URL after a failed sign-in (its `state` may have been used up). */
  prepareAuthorization(context?: ConnectionAuthContext): Promise<string>;
  /**
   * Runs the user-facing sign-in for a prepared authorization URL and resolves once tokens are stored. It must
   * open any window synchronously, before its first `await`, so that a click handler's user gesture still counts.
   */
  authorize(authorizationUrl: string, signal: AbortSignal): Promise<void>;
  /**
   * Calls `listener` when a sign-in the plug-in prepared finishes without `authorize()` — e.g. the prepared URL
   * opened as a plain link in another tab — with undefined on success or the typed failure; until the returned
   * function is called. The connection listens while it waits in `pending_auth`.
   */
  onSignInElsewhere?(listener: (failure?: McpUseError) => void): () => void;
  /**
   * Calls `listener` when the user signs out somewhere else (another tab's `logout()` or `clearStorage()`),
   * until the returned function is called. The connection listens while it is `ready`, and then connects again,
   * which leads to `pending_auth`.
   */
  onSignOutElsewhere?(listener: () => void): () => void;
  /** Signs out: revokes the tokens where the authorization server supports it, and forgets them. */
  logout?(): Promise<void>;
  /** Forgets everything stored for this server (tokens, registration, discovery) without telling anyone. */
  clearStorage?(): Promise<void>;
}

/** What the connection passes with the calls that may start network work. */
export interface ConnectionAuthContext {
  /**
   * Aborts when the connection attempt that asked is abandoned (it failed, timed out, or the connection was
   * disconnected): the plug-in ends the requests it started for it (discovery, registration) instead of
   * carrying on for nobody.
   */
  signal?: AbortSignal | undefined;
}

/** What a plug-in rejects with when the user must sign in: code `auth_required` and a prepared URL. */
export interface SignInRequired extends McpUseError {
  readonly code: 'auth_required';
  readonly authorizationUrl: string;
}

export function isSignInRequired(error: unknown): error is SignInRequired {
  return (
    error instanceof McpUseError &&
    error.code === 'auth_required' &&
    typeof (error as Partial<SignInRequired>).authorizationUrl === 'string'
  );
}

/** Plug-in failures carry codes starting with `auth_` (each auth layer owns its codes, all of them so prefixed). */
export function isAuthFailure(error: McpUseError): boolean {
  return error.code.startsWith('auth_');
}
