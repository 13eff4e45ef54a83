/**
 * Marks the sign-in windows this library opens, so that a page which ends up inside one — the user wandered from
 * the login page to the app, or an app page received the sign-in response — never starts a sign-in of its own
 * (a popup opening a popup opening a popup…). The mark is put in the window's sessionStorage by the opener while
 * the new window still shows its own about:blank: session storage belongs to that window and origin, and it
 * survives cross-site navigations and a Cross-Origin-Opener-Policy switch, which `window.opener` and
 * `window.name` do not.
 */
const MARK = 'mcp-use:sign-in-window';

/** The name prefix of sign-in windows; the only mark left where session storage is disabled. */
export const SIGN_IN_WINDOW_PREFIX = 'mcp-use-auth-';

export function markSignInWindow(popup: Window): void {
  try {
    popup.sessionStorage.setItem(MARK, '1');
  } catch {
    // Storage disabled: the window's name still tells (see isSignInWindow).
  }
}

/** Whether this page runs inside a sign-in window this library opened. */
export function isSignInWindow(): boolean {
  try {
    return window.sessionStorage.getItem(MARK) !== null;
  } catch {
    return window.name.startsWith(SIGN_IN_WINDOW_PREFIX);
  }
}
