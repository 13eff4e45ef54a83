import { McpUseError, type McpUseErrorDetails } from '../core/errors';

/** The codes of the browser's sign-in window. A failed sign-in lands in `pending_auth` with one of them. */
export const BrowserErrorCode = {
  authPopupBlocked: 'auth_popup_blocked',
  authPopupClosed: 'auth_popup_closed',
  authTimeout: 'auth_timeout',
  /** A page inside a sign-in window was asked to start a sign-in of its own. */
  authNestedSignIn: 'auth_nested_sign_in',
  /** `callbackUrl` is not on the page's origin. */
  authCallbackOrigin: 'auth_callback_origin',
  /** `onMcpAuthorization()` was called where there is no window (server rendering, a worker). */
  authNoWindow: 'auth_no_window',
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

/**
 * This page runs inside a sign-in window this library opened (the user reached the app from the login page, or
 * the authorization server sent them there): it never opens a sign-in of its own, so windows cannot pile up.
 */
export class NestedSignInError extends McpUseError {
  constructor(details: McpUseErrorDetails = {}) {
    super(
      'auth_nested_sign_in',
      'This page is inside a sign-in window; sign in from the window that opened it',
      details,
    );
  }
}

/**
 * `callbackUrl` is on another origin than the page: the callback page could neither reach this page's stored
 * sign-in (IndexedDB is per origin) nor tell it the result (BroadcastChannel is per origin).
 */
export class CallbackOriginError extends McpUseError {
  readonly callbackOrigin: string;
  readonly pageOrigin: string;
  constructor(callbackOrigin: string, pageOrigin: string, details: McpUseErrorDetails = {}) {
    super(
      'auth_callback_origin',
      `callbackUrl is on ${callbackOrigin}, but this page is on ${pageOrigin}: the callback page must share the page's origin`,
      details,
    );
    this.callbackOrigin = callbackOrigin;
    this.pageOrigin = pageOrigin;
  }
}

/** `onMcpAuthorization()` needs the callback page's window: call it in the browser (an effect), not on a server. */
export class NoWindowError extends McpUseError {
  constructor() {
    super(
      'auth_no_window',
      'onMcpAuthorization() must run in the browser, on the callback page: there is no window here',
    );
  }
}
