/**
 * Typed errors of the OAuth engine. Callers branch on `instanceof` or `code`, never on message text.
 *
 * Messages and fields hold URLs, issuers, OAuth error codes and the authorization server's own description —
 * never a token, an authorization code, a PKCE verifier or a client secret. `cause` is reduced to
 * `{ name, code, message }` (see `safeCause`) because oauth4webapi attaches raw response bodies to its errors,
 * and a token response body is full of secrets.
 */
import { McpUseError, type McpUseErrorDetails } from '../core/errors';
import type { BearerChallenge } from './wwwAuthenticate';

/**
 * The codes the OAuth engine produces. It also uses core's: `auth_required` (AuthorizationRequiredError, the
 * seam's "sign in" signal) and `forbidden` (StepUpExhaustedError).
 */
export const AuthErrorCode = {
  authDiscoveryFailed: 'auth_discovery_failed',
  authResourceMismatch: 'auth_resource_mismatch',
  authIssuerMismatch: 'auth_issuer_mismatch',
  authPkceUnsupported: 'auth_pkce_unsupported',
  authRegistrationFailed: 'auth_registration_failed',
  authServerError: 'auth_server_error',
  authInvalidState: 'auth_invalid_state',
  authTokenFailed: 'auth_token_failed',
  authRefreshFailed: 'auth_refresh_failed',
  authRefreshUnavailable: 'auth_refresh_unavailable',
  authInsecureUrl: 'auth_insecure_url',
  authPrivateNetworkUrl: 'auth_private_network_url',
  authResponseTooLarge: 'auth_response_too_large',
  /** Enterprise-Managed Authorization: the IdP would not issue an ID-JAG (its policy, or its client settings). */
  authIdJagRefused: 'auth_id_jag_refused',
  /** Enterprise-Managed Authorization: the MCP server's authorization server would not accept the ID-JAG. */
  authIdJagRejected: 'auth_id_jag_rejected',
  // Failures a per-server setting fixes; their classes are in ./diagnosticErrors.ts and name that setting.
  authInvalidSetting: 'auth_invalid_setting',
  authClientIdRequired: 'auth_client_id_required',
  authRedirectUriRefused: 'auth_redirect_uri_refused',
  authClientAuthRefused: 'auth_client_auth_refused',
  authResourceRejected: 'auth_resource_rejected',
  authScopeRejected: 'auth_scope_rejected',
  authTokenRefused: 'auth_token_refused',
} as const;
export type AuthErrorCode = (typeof AuthErrorCode)[keyof typeof AuthErrorCode];

declare module '../core/errors' {
  interface McpUseErrorCodes extends Record<AuthErrorCode, true> {}
}

/** Where a finished or failed authorization response came from, for the callback page to route the user back. */
export interface FlowContext {
  serverUrl: string;
  flow: 'popup' | 'redirect' | 'loopback';
  returnUrl?: string;
  state: string;
}

/** Why the user has to (re)authorize. */
export type AuthorizationRequiredReason =
  /** No tokens stored for this server and issuer. */
  | 'no_tokens'
  /** The refresh token was refused (revoked, expired): the tokens were deleted. */
  | 'refresh_failed'
  /** The server refused a token even after one reactive refresh, or there was no refresh token. */
  | 'token_rejected'
  /** The server wants more scopes (403 `insufficient_scope`, step-up). */
  | 'insufficient_scope';

/**
 * No usable token can be had without the user. Call `session.prepareAuthorization({ flow })` to get a prepared
 * authorization URL: the session remembers `challenge` and the step-up `scope`, so nothing needs passing back.
 */
export class AuthorizationRequiredError extends McpUseError {
  readonly reason: AuthorizationRequiredReason;
  /** The `WWW-Authenticate: Bearer` challenge of the 401/403 that led here, when there was one. */
  readonly challenge?: BearerChallenge;
  /** The scope the next authorization request will ask for (step-up: current ∪ required). */
  readonly scope?: string;

  constructor(
    reason: AuthorizationRequiredReason,
    details: McpUseErrorDetails & { challenge?: BearerChallenge; scope?: string } = {},
  ) {
    super('auth_required', `Authorization required (${reason.replace('_', ' ')})`, {
      status: 401,
      ...details,
    });
    this.reason = reason;
    if (details.challenge !== undefined) this.challenge = details.challenge;
    if (details.scope !== undefined) this.scope = details.scope;
  }
}

/**
 * The error that sends a connection to `pending_auth`: an AuthorizationRequiredError with the authorization URL
 * already prepared (discovery, registration, PKCE, state), which the connection core reads as `authorizationUrl`.
 */
export class SignInRequiredError extends AuthorizationRequiredError {
  readonly authorizationUrl: string;
  constructor(cause: AuthorizationRequiredError, authorizationUrl: string) {
    super(cause.reason, {
      ...(cause.serverUrl !== undefined ? { serverUrl: cause.serverUrl } : {}),
      ...(cause.challenge !== undefined ? { challenge: cause.challenge } : {}),
      ...(cause.scope !== undefined ? { scope: cause.scope } : {}),
    });
    this.authorizationUrl = authorizationUrl;
  }
}

/** No protected-resource or authorization-server metadata could be obtained, or it was unusable. */
export class DiscoveryError extends McpUseError {
  /** The metadata URLs that were tried, in order. */
  readonly tried: readonly string[];
  constructor(message: string, details: McpUseErrorDetails & { tried?: readonly string[] } = {}) {
    super('auth_discovery_failed', message, details);
    this.tried = details.tried ?? [];
  }
}

/** RFC 9728 §3.3: the protected-resource metadata names a different resource than the server being accessed. */
export class ResourceMismatchError extends McpUseError {
  readonly expected: string;
  readonly actual: string;
  constructor(expected: string, actual: string, details: McpUseErrorDetails = {}) {
    super(
      'auth_resource_mismatch',
      `Protected resource metadata is for ${JSON.stringify(actual)}, not for ${JSON.stringify(expected)}`,
      details,
    );
    this.expected = expected;
    this.actual = actual;
  }
}

/**
 * The issuer does not match: in authorization-server metadata (RFC 8414 §3.3) or in the authorization
 * response's `iss` parameter (RFC 9207 §2.4, `actual` undefined when the parameter was missing).
 */
export class IssuerMismatchError extends McpUseError {
  readonly expected: string;
  readonly actual: string | undefined;
  readonly where: 'metadata' | 'authorization_response';
  readonly flow?: FlowContext;
  constructor(
    where: 'metadata' | 'authorization_response',
    expected: string,
    actual: string | undefined,
    details: McpUseErrorDetails & { flow?: FlowContext; hint?: string } = {},
  ) {
    const got = actual === undefined ? 'no issuer' : JSON.stringify(actual);
    const place = where === 'metadata' ? 'Authorization server metadata' : 'The authorization response';
    super(
      'auth_issuer_mismatch',
      `${place} names ${got}, expected ${JSON.stringify(expected)}${details.hint ?? ''}`,
      details,
    );
    this.where = where;
    this.expected = expected;
    this.actual = actual;
    if (details.flow !== undefined) this.flow = details.flow;
  }
}

/** MCP authorization: the client MUST refuse an authorization server that does not advertise PKCE S256. */
export class PkceUnsupportedError extends McpUseError {
  readonly issuer: string;
  readonly methods: readonly string[];
  constructor(issuer: string, methods: readonly string[] | undefined, details: McpUseErrorDetails = {}) {
    super(
      'auth_pkce_unsupported',
      `Authorization server ${issuer} does not advertise PKCE S256 (code_challenge_methods_supported: ${JSON.stringify(methods ?? null)})`,
      details,
    );
    this.issuer = issuer;
    this.methods = methods ?? [];
  }
}

/** No client identity could be obtained (no pre-registered client, no usable metadata document, DCR failed). */
export class RegistrationError extends McpUseError {
  readonly issuer: string;
  /** RFC 7591 §3.2.2 error code, e.g. `invalid_redirect_uri`, when the server sent one. */
  readonly oauthError?: string;
  readonly oauthErrorDescription?: string;
  constructor(
    issuer: string,
    message: string,
    details: McpUseErrorDetails & { oauthError?: string; oauthErrorDescription?: string } = {},
  ) {
    super('auth_registration_failed', message, details);
    this.issuer = issuer;
    if (details.oauthError !== undefined) this.oauthError = details.oauthError;
    if (details.oauthErrorDescription !== undefined)
      this.oauthErrorDescription = details.oauthErrorDescription;
  }
}

/** RFC 6749 §4.1.2.1: the authorization server answered the authorization request with an error. */
export class AuthorizationServerError extends McpUseError {
  /** The AS's `error` code as sent, e.g. `access_denied`. */
  readonly oauthError: string;
  readonly oauthErrorDescription?: string;
  readonly oauthErrorUri?: string;
  readonly flow?: FlowContext;
  constructor(
    oauthError: string,
    details: McpUseErrorDetails & { description?: string; uri?: string; flow?: FlowContext } = {},
  ) {
    const suffix = details.description ? `: ${details.description}` : '';
    super('auth_server_error', `Authorization failed (${oauthError})${suffix}`, details);
    this.oauthError = oauthError;
    if (details.description !== undefined) this.oauthErrorDescription = details.description;
    if (details.uri !== undefined) this.oauthErrorUri = details.uri;
    if (details.flow !== undefined) this.flow = details.flow;
  }
}

export type InvalidStateReason = 'missing' | 'unknown' | 'expired';

/**
 * The authorization response's `state` matches no pending flow (never issued, already used — records are single
 * use — or from another browser), or the flow expired. RFC 6749 §10.12 (CSRF).
 */
export class InvalidStateError extends McpUseError {
  readonly reason: InvalidStateReason;
  constructor(reason: InvalidStateReason, details: McpUseErrorDetails = {}) {
    const text = {
      missing: 'The authorization response has no state parameter',
      unknown: 'The authorization response matches no pending sign-in (unknown or already used state)',
      expired: 'The sign-in took too long: the pending authorization expired',
    }[reason];
    super('auth_invalid_state', text, details);
    this.reason = reason;
  }
}

/** The token endpoint refused the authorization code (or answered something unusable). */
export class TokenRequestError extends McpUseError {
  /** RFC 6749 §5.2 error code, e.g. `invalid_grant`, when the server sent one. */
  readonly oauthError?: string;
  readonly oauthErrorDescription?: string;
  readonly flow?: FlowContext;
  constructor(
    message: string,
    details: McpUseErrorDetails & {
      oauthError?: string;
      oauthErrorDescription?: string;
      flow?: FlowContext;
    } = {},
  ) {
    super('auth_token_failed', message, details);
    if (details.oauthError !== undefined) this.oauthError = details.oauthError;
    if (details.oauthErrorDescription !== undefined)
      this.oauthErrorDescription = details.oauthErrorDescription;
    if (details.flow !== undefined) this.flow = details.flow;
  }
}

/**
 * A refresh failed for a reason that may pass (network, 5xx) while the access token had already expired.
 * A refused refresh token (`invalid_grant`) never surfaces as this: it becomes AuthorizationRequiredError.
 */
export class RefreshError extends McpUseError {
  readonly oauthError?: string;
  /**
   * The failure may pass: the authorization server could not be reached, timed out, or answered 5xx / 429 /
   * `temporarily_unavailable`. The refresh token is kept and the refresh is tried again (refreshUnderLock.ts).
   */
  readonly transient: boolean;
  constructor(
    message: string,
    details: McpUseErrorDetails & { oauthError?: string; transient?: boolean } = {},
  ) {
    super('auth_refresh_failed', message, details);
    if (details.oauthError !== undefined) this.oauthError = details.oauthError;
    this.transient = details.transient === true;
  }
}

/**
 * Every attempt at a refresh failed for a reason that may pass (network, timeout, 5xx). The refresh token is
 * kept, so a later attempt can still succeed without the user; nothing is retried beyond `attempts`.
 */
export class RefreshUnavailableError extends McpUseError {
  readonly attempts: number;
  constructor(attempts: number, details: McpUseErrorDetails = {}) {
    const answer = details.status ? `answered HTTP ${details.status}` : 'could not be reached';
    super(
      'auth_refresh_unavailable',
      `The authorization server ${answer} on ${attempts} refresh attempts; the sign-in is kept, try again later`,
      details,
    );
    this.attempts = attempts;
  }
}

/** ` (from MCP server …)`, for messages about a URL that server's answers named. */
function fromServer(details: McpUseErrorDetails): string {
  return details.serverUrl ? ` (from MCP server ${details.serverUrl})` : '';
}

/**
 * OAuth 2.1 §1.5: every URL must be https:, except plain http: on loopback hosts (127.0.0.1, localhost, [::1]) for
 * an MCP server that is itself on loopback.
 */
export class InsecureUrlError extends McpUseError {
  readonly url: string;
  /** What the URL was for, e.g. `token_endpoint`. */
  readonly purpose: string;
  constructor(url: string, purpose: string, details: McpUseErrorDetails = {}) {
    super(
      'auth_insecure_url',
      `Refusing ${purpose} URL ${JSON.stringify(url)}${fromServer(details)}: OAuth needs https: (http: only on loopback, for an MCP server on loopback)`,
      details,
    );
    this.url = url;
    this.purpose = purpose;
  }
}

/** Where a refused URL points: this machine, or a private, link-local or unique-local network address. */
export type PrivateNetwork = 'loopback' | 'private';

/**
 * RFC 9728 §7.7 (SSRF): a URL that a server's answers named points into this machine or a private network while
 * the MCP server itself is not there, e.g. `http://127.0.0.1:…` or `https://169.254.169.254/…` in the metadata of
 * a remote server.
 */
export class PrivateNetworkUrlError extends McpUseError {
  readonly url: string;
  /** What the URL was for, e.g. `token_endpoint`. */
  readonly purpose: string;
  readonly network: PrivateNetwork;
  constructor(url: string, purpose: string, network: PrivateNetwork, details: McpUseErrorDetails = {}) {
    super(
      'auth_private_network_url',
      `Refusing ${purpose} URL ${JSON.stringify(url)}${fromServer(details)}: it points at ${network === 'loopback' ? 'this machine' : 'a private network'}, where the MCP server is not`,
      details,
    );
    this.url = url;
    this.purpose = purpose;
    this.network = network;
  }
}

/**
 * An authorization or metadata server's answer was longer than the engine reads for its purpose (the caps are in
 * boundedResponse.ts); reading stopped there.
 */
export class ResponseTooLargeError extends McpUseError {
  readonly url: string;
  /** What the URL was for, e.g. `token_endpoint`. */
  readonly purpose: string;
  readonly limitBytes: number;
  constructor(url: string, purpose: string, limitBytes: number, details: McpUseErrorDetails = {}) {
    super(
      'auth_response_too_large',
      `The ${purpose} answer from ${url}${fromServer(details)} is larger than ${limitBytes} bytes`,
      details,
    );
    this.url = url;
    this.purpose = purpose;
    this.limitBytes = limitBytes;
  }
}

/** Step-up was attempted and the server still wants more, or the scope set grew past the cap: stop asking. */
export class StepUpExhaustedError extends McpUseError {
  readonly requiredScope?: string;
  constructor(message: string, details: McpUseErrorDetails & { requiredScope?: string } = {}) {
    super('forbidden', message, { status: 403, ...details });
    if (details.requiredScope !== undefined) this.requiredScope = details.requiredScope;
  }
}

/** Strips an error down to fields that cannot carry a response body (oauth4webapi errors attach bodies). */
export function safeCause(error: unknown): { name: string; code?: string; message: string } | undefined {
  if (!(error instanceof Error)) return undefined;
  const code = (error as { code?: unknown }).code;
  return { name: error.name, ...(typeof code === 'string' ? { code } : {}), message: error.message };
}
