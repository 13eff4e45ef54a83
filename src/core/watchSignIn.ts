import type { ConnectionAuth } from './connectionAuth';
import type { McpUseError } from './errors';
import type { ConnectionState } from './types';

/**
 * While a connection waits in `pending_auth`, a sign-in can still finish without `authenticate()`: its prepared
 * URL opened as a plain link in another tab, a popup the page lost sight of, or another tab signed in. While it
 * is `ready`, another tab may sign out. This listens for each through the auth plug-in for exactly as long as
 * the state lasts; the connection calls the returned function with every state it enters.
 */
export function watchSignIn(
  auth: ConnectionAuth | undefined,
  onEnd: (failure?: McpUseError) => unknown,
  onSignedOut: () => unknown,
): (state: ConnectionState) => void {
  let stop: (() => void) | undefined;
  let watched: ConnectionState | undefined;
  return (state) => {
    if (state === watched) return;
    stop?.();
    watched = state;
    stop =
      state === 'pending_auth'
        ? auth?.onSignInElsewhere?.(onEnd)
        : state === 'ready'
          ? auth?.onSignOutElsewhere?.(onSignedOut)
          : undefined;
  };
}
