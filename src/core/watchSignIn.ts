import type { ConnectionAuth } from './connectionAuth';
import type { McpUseError } from './errors';
import type { ConnectionState } from './types';

/**
 * While a connection waits in `pending_auth`, a sign-in can still finish without `authenticate()`: its prepared
 * URL opened as a plain link in another tab, or a popup the page lost sight of. This listens for that through
 * the auth plug-in for exactly as long as the state is `pending_auth`; the connection calls the returned
 * function with every state it enters.
 */
export function watchSignIn(
  auth: ConnectionAuth | undefined,
  onEnd: (failure?: McpUseError) => unknown,
): (state: ConnectionState) => void {
  let stop: (() => void) | undefined;
  return (state) => {
    if (state === 'pending_auth') {
      stop ??= auth?.onSignInElsewhere?.(onEnd);
      return;
    }
    stop?.();
    stop = undefined;
  };
}
