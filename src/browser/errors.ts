import { McpUseError, type McpUseErrorDetails } from '../core/errors';
import type { ProxyRefusal } from '../core/proxyWire';

/**
 * The codes of the browser's sign-in window (a failed sign-in lands in `pending_auth` with one of them), and of
 * the browser's fetches that can say why they failed.
 */
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
  /** `clientSecret` was given to `useMcp`: a secret in a page is no secret. It belongs in the proxy's config. */
  authClientSecretInBrowser: 'auth_client_secret_in_browser',
  /** An endpoint answered, but sends no CORS headers that let this page read the answer. */
  corsBlocked: 'cors_blocked',
  /** The app's proxy (`oauthProxyUrl`) refused the request; `reason` says why. */
  proxyRefused: 'proxy_refused',
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

// The three errors below are raised in chunks loaded on demand (the OAuth engine, the fetch diagnosis), and their
// messages are written there: these classes are exported by the entries and so load with every page.

/**
 * `clientSecret` was given to `useMcp`. Anything in a page's bundle can be read by whoever loads it, so a browser
 * app is a public client (OAuth 2.1 §2.1): the secret of a confidential client lives in the app's backend, in the
 * `clients` of `createProxyHandler` (`mcp-use/proxy`), which adds it to the token requests `oauthProxyUrl` routes.
 */
export class ClientSecretInBrowserError extends McpUseError {
  constructor(message: string, details: McpUseErrorDetails = {}) {
    super('auth_client_secret_in_browser', message, details);
  }
}

/**
 * `url` answered, but without CORS headers that let this page (`pageOrigin`) read the answer, or its preflight
 * refused the request. Its operator can add them; until then the app's backend can make the request:
 * `oauthProxyUrl` (with `proxyMcpRequests` for an MCP server) and `createProxyHandler` from `mcp-use/proxy`.
 */
export class CorsBlockedError extends McpUseError {
  readonly url: string;
  readonly pageOrigin: string;
  constructor(message: string, url: string, pageOrigin: string, details: McpUseErrorDetails = {}) {
    super('cors_blocked', message, details);
    this.url = url;
    this.pageOrigin = pageOrigin;
  }
}

/** The app's proxy (`oauthProxyUrl`) did not forward a request to `target`; `reason` says why. */
export class ProxyRefusedError extends McpUseError {
  readonly reason: ProxyRefusal;
  readonly target: string;
  constructor(message: string, reason: ProxyRefusal, target: string, details: McpUseErrorDetails = {}) {
    super('proxy_refused', message, details);
    this.reason = reason;
    this.target = target;
  }
}
