import { McpUseError, type McpUseErrorDetails } from '../core/errors';

/** The codes of the browser's sign-in window. A failed sign-in lands in `pending_auth` with one of them. */
export const BrowserErrorCode = {
  authPopupBlocked: 'auth_popup_blocked',
  authPopupClosed: 'auth_popup_closed',
  authTimeout: 'auth_timeout',
} as const;
export type BrowserErrorCode = (typeof BrowserErrorCode)[keyof typeof BrowserErrorCode];

declare module '../core/errors' {
  interface McpUseErrorCodes extends Record<BrowserErrorCode, true> {}
}

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
