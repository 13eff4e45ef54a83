import { McpUseError, type McpUseErrorDetails } from '../core/errors';

/** `window.open` returned null: the browser blocked the sign-in popup. Call `authenticate()` from a click. */
export class PopupBlockedError extends McpUseError {
  constructor(details: McpUseErrorDetails = {}) {
    super(
      'auth_popup_blocked',
      'The sign-in popup was blocked; start sign-in from a click, or open authUrl',
      details,
    );
  }
}

/** The user closed the sign-in popup before it finished. */
export class PopupClosedError extends McpUseError {
  constructor(details: McpUseErrorDetails = {}) {
    super('auth_popup_closed', 'The sign-in window was closed before sign-in finished', details);
  }
}

/** Sign-in did not finish within `authTimeoutMs`. */
export class AuthTimeoutError extends McpUseError {
  readonly timeoutMs: number;
  constructor(timeoutMs: number, details: McpUseErrorDetails = {}) {
    super('auth_timeout', `Sign-in did not finish within ${timeoutMs} ms`, details);
    this.timeoutMs = timeoutMs;
  }
}
