import { McpUseError, type McpUseErrorDetails } from '../../core/errors';

/**
 * The loopback port the authorization server redirects back to is taken by another program, so the sign-in
 * callback could not be received. Checked before the user is sent to sign in (and again when listening).
 */
export class CallbackPortInUseError extends McpUseError {
  readonly port: number;
  /** The address the listener needed (127.0.0.1 unless a redirect URI names another loopback address). */
  readonly host: string;
  constructor(port: number, details: McpUseErrorDetails & { host?: string } = {}) {
    const host = details.host ?? '127.0.0.1';
    super(
      'auth_port_in_use',
      `Port ${port} on ${host} is in use, so the sign-in callback cannot be received there; set callback_port (or the port of redirect_uri) to a free port`,
      details,
    );
    this.port = port;
    this.host = host;
  }
}

/** The user did not finish signing in within `authTimeoutMs`. */
export class SignInTimeoutError extends McpUseError {
  readonly timeoutMs: number;
  constructor(timeoutMs: number, details: McpUseErrorDetails = {}) {
    super('auth_timeout', `Sign-in did not finish within ${Math.round(timeoutMs / 1000)} s`, details);
    this.timeoutMs = timeoutMs;
  }
}

/** The sign-in was abandoned (the session was closed, or the program is stopping). */
export class SignInAbortedError extends McpUseError {
  constructor(details: McpUseErrorDetails = {}) {
    super('aborted', 'Sign-in was abandoned', details);
  }
}
