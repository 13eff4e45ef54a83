import { type CompletedAuthorization, completeAuthorization } from '../auth/completeAuthorization';
import { createIdbStore } from './idbStore';
import type { KeyValueStore } from '../auth/memoryStore';
import { CALLBACK_CHANNEL_NAME, CALLBACK_MESSAGE_TYPE, type CallbackMessage } from './callbackMessage';
import { diagnosingFetch } from './diagnosingFetch';
import { NoWindowError } from './errors';

export interface OnMcpAuthorizationOptions {
  /**
   * After a redirect sign-in, go back to the page (and URL) the user started from. Default true; pass false to
   * navigate yourself with the resolved `returnUrl`.
   */
  navigate?: boolean;
  /** Must be the store the app's `useMcp` uses. Default: IndexedDB. */
  store?: KeyValueStore;
}

export type McpAuthorizationResult = CompletedAuthorization;

/**
 * Tells the waiting page, wherever it is: the opener (only where BroadcastChannel is missing is the popup left an
 * opener), or — over the same-origin channel — the page whose popup this is (opener disowned, or cut by a
 * Cross-Origin-Opener-Policy) or that waits in another tab while this one came from a plain link.
 */
function notifyWaitingPage(message: CallbackMessage): void {
  // Exact-origin postMessage: the opener is the app, which lives on this callback page's origin.
  const opener = window.opener as Window | null;
  if (opener && !opener.closed) opener.postMessage(message, window.location.origin);
  if (typeof BroadcastChannel === 'function') {
    const channel = new BroadcastChannel(CALLBACK_CHANNEL_NAME);
    channel.postMessage(message);
    channel.close();
  }
}

function failureMessage(state: string, error: unknown): CallbackMessage {
  const { code, message, oauthError } = (error ?? {}) as {
    code?: unknown;
    message?: unknown;
    oauthError?: unknown;
  };
  return {
    type: CALLBACK_MESSAGE_TYPE,
    state,
    ok: false,
    error: {
      code: typeof code === 'string' ? code : 'auth_token_failed',
      message: typeof message === 'string' ? message : 'Sign-in failed',
      ...(typeof oauthError === 'string' ? { oauthError } : {}),
    },
  };
}

/**
 * The one call an OAuth callback page makes. It checks the authorization response (state: known, unexpired,
 * single use; RFC 9207 `iss`), redeems the code and stores the tokens, then tells the page waiting for it and
 * closes (popup flow), or returns to where the user started (redirect flow). Resolves only on success; rejects
 * with a typed error otherwise (NoWindowError where there is no window). It never writes anything from the URL
 * into the page.
 */
export async function onMcpAuthorization(
  options: OnMcpAuthorizationOptions = {},
): Promise<McpAuthorizationResult> {
  if (typeof window === 'undefined') throw new NoWindowError();
  const state = new URLSearchParams(window.location.search).get('state') ?? '';
  try {
    // A token endpoint without CORS headers fails here first: the error says so, and names the fix.
    const requests = diagnosingFetch();
    const result = await requests.run(() =>
      completeAuthorization(window.location.href, {
        store: options.store ?? createIdbStore(),
        fetch: requests.fetch,
      }),
    );
    notifyWaitingPage({ type: CALLBACK_MESSAGE_TYPE, state: result.state, ok: true });
    if (result.flow === 'popup') {
      setTimeout(() => window.close(), 0);
    } else if (result.flow === 'redirect' && options.navigate !== false) {
      const target = result.returnUrl ?? '/';
      setTimeout(() => window.location.replace(target), 0);
    }
    return result;
  } catch (error) {
    // A failure goes where success would: a popup cut off from its opener must not look "closed by the user".
    if (state) notifyWaitingPage(failureMessage(state, error));
    throw error;
  }
}
