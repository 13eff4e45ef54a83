import { type CompletedAuthorization, completeAuthorization } from '../auth/completeAuthorization';
import { createIdbStore } from './idbStore';
import type { KeyValueStore } from '../auth/memoryStore';
import { CALLBACK_CHANNEL_NAME, CALLBACK_MESSAGE_TYPE, type CallbackMessage } from './callbackMessage';

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

function notifyOpener(message: CallbackMessage): void {
  // Exact-origin postMessage: the opener is the app, which lives on this callback page's origin.
  const opener = window.opener as Window | null;
  if (opener && !opener.closed) opener.postMessage(message, window.location.origin);
  // When a Cross-Origin-Opener-Policy cut the opener link, the same-origin channel still reaches the app.
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
 * single use; RFC 9207 `iss`), redeems the code and stores the tokens, then tells the opening window (popup flow)
 * and closes, or returns to where the user started (redirect flow). Resolves only on success; rejects with a typed
 * error otherwise. It never writes anything from the URL into the page.
 */
export async function onMcpAuthorization(
  options: OnMcpAuthorizationOptions = {},
): Promise<McpAuthorizationResult> {
  const state = new URLSearchParams(window.location.search).get('state') ?? '';
  const isPopup = Boolean(window.opener);
  try {
    const result = await completeAuthorization(window.location.href, {
      store: options.store ?? createIdbStore(),
    });
    if (result.flow === 'popup') {
      notifyOpener({ type: CALLBACK_MESSAGE_TYPE, state: result.state, ok: true });
      setTimeout(() => window.close(), 0);
    } else if (result.flow === 'redirect' && options.navigate !== false) {
      const target = result.returnUrl ?? '/';
      setTimeout(() => window.location.replace(target), 0);
    }
    return result;
  } catch (error) {
    if (isPopup && state) notifyOpener(failureMessage(state, error));
    throw error;
  }
}
