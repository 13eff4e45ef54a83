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

/** RFC 8628 §3.5 `access_denied`: the user refused the device sign-in at the authorization server. */
export class DeviceAccessDeniedError extends McpUseError {
  constructor(details: McpUseErrorDetails = {}) {
    super(
      'auth_device_denied',
      'The device sign-in was refused at the authorization server (access_denied)',
      details,
    );
  }
}

/**
 * RFC 8628 §3.5 `expired_token`: nobody approved the device sign-in before its code expired (said by the
 * authorization server, or reached `expires_in` here first). Starting again gives a new code.
 */
export class DeviceCodeExpiredError extends McpUseError {
  readonly expiresInSeconds: number;
  constructor(expiresInSeconds: number, details: McpUseErrorDetails = {}) {
    super(
      'auth_device_expired',
      `The device code expired before the sign-in was approved (it was valid ${expiresInSeconds} s); start again for a new code`,
      details,
    );
    this.expiresInSeconds = expiresInSeconds;
  }
}

/**
 * The configuration asks for a grant the authorization server does not offer: no `device_authorization_endpoint`
 * for the device grant, or `client_credentials` missing from a `grant_types_supported` that is given.
 */
export class GrantNotSupportedError extends McpUseError {
  readonly grant: string;
  readonly issuer: string;
  constructor(grant: string, issuer: string, what: string, details: McpUseErrorDetails = {}) {
    super(
      'auth_grant_unsupported',
      `Authorization server ${issuer} ${what}, so ${grant} cannot be used`,
      details,
    );
    this.grant = grant;
    this.issuer = issuer;
  }
}

/**
 * The private key for `private_key_jwt` cannot be used: the file cannot be read, is not a PEM private key, or is
 * of a kind that cannot sign (RS256, PS256, ES256/384/512 and EdDSA keys can). The message names the file, never
 * its content.
 */
export class PrivateKeyError extends McpUseError {
  readonly path: string;
  constructor(path: string, problem: string, details: McpUseErrorDetails = {}) {
    super('auth_private_key', `The private key file ${path} ${problem}`, details);
    this.path = path;
  }
}
