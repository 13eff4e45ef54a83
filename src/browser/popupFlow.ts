import { McpUseError } from '../core/errors';
import { failureFrom, listenForCallbacks } from './callbackChannel';
import { type CallbackMessage, isCallbackMessage } from './callbackMessage';
import { PopupBlockedError, PopupClosedError } from './errors';
import { markSignInWindow, SIGN_IN_WINDOW_PREFIX } from './signInWindow';

const POPUP_FEATURES = 'popup=yes,width=520,height=720';
const CLOSED_POLL_MS = 250;
/** A popup that closed itself after success may close before its BroadcastChannel message is read. */
const CLOSED_GRACE_MS = 500;

export interface PopupFlowOptions {
  authorizationUrl: string;
  /** Origin of the callback page: the only origin whose messages count. */
  callbackOrigin: string;
  signal: AbortSignal;
  serverUrl: string;
  onForgedMessage?: (origin: string) => void;
}

/**
 * Opens the sign-in window synchronously (so the caller's click still counts as the user gesture), first on its
 * own about:blank, where it is marked as a sign-in window and disowned — `opener = null` (HTML: disowning the
 * opener) — before it goes to the authorization URL. So the authorization page holds no reference to this
 * window and cannot navigate it (reverse tabnabbing), while this page keeps its handle to the popup: it still
 * sees a blocked or closed popup and can close it once it is back on this origin.
 *
 * The result comes over the same-origin BroadcastChannel; only where BroadcastChannel is missing is the opener
 * kept, for the callback page's exact-origin postMessage (from this popup only). Resolves when the callback page
 * reports success for this flow's `state`; a message for another state, origin or window is ignored.
 */
export function runPopupFlow(options: PopupFlowOptions): Promise<void> {
  const state = new URL(options.authorizationUrl).searchParams.get('state');
  const opened = window.open('', `${SIGN_IN_WINDOW_PREFIX}${state ?? 'flow'}`, POPUP_FEATURES);
  if (!opened) return Promise.reject(new PopupBlockedError({ serverUrl: options.serverUrl }));
  const popup: Window = opened;
  markSignInWindow(popup);
  if (typeof BroadcastChannel === 'function') popup.opener = null;
  popup.location.replace(options.authorizationUrl);

  return new Promise<void>((resolve, reject) => {
    let closedSince: number | undefined;
    const poll = setInterval(() => {
      if (!popup.closed) return;
      closedSince ??= Date.now();
      if (Date.now() - closedSince >= CLOSED_GRACE_MS)
        finish(new PopupClosedError({ serverUrl: options.serverUrl }));
    }, CLOSED_POLL_MS);
    const stopListening = listenForCallbacks((message) => {
      if (message.state === state) accept(message);
    });

    function finish(outcome: McpUseError | undefined) {
      clearInterval(poll);
      stopListening();
      window.removeEventListener('message', onMessage);
      options.signal.removeEventListener('abort', onAbort);
      // Best effort: a disowned popup can be closed only while it shows this origin (HTML "familiar with").
      if (outcome && !popup.closed) popup.close();
      if (outcome) reject(outcome);
      else resolve();
    }

    function accept(data: CallbackMessage) {
      finish(data.ok ? undefined : failureFrom(data, options.serverUrl));
    }

    function onMessage(event: MessageEvent) {
      if (!isCallbackMessage(event.data)) return;
      if (event.origin !== options.callbackOrigin || event.source !== popup) {
        options.onForgedMessage?.(event.origin);
        return;
      }
      if (event.data.state === state) accept(event.data);
    }

    function onAbort() {
      finish(new McpUseError('aborted', 'Sign-in was abandoned', { serverUrl: options.serverUrl }));
    }

    window.addEventListener('message', onMessage);
    options.signal.addEventListener('abort', onAbort, { once: true });
    if (options.signal.aborted) onAbort();
  });
}
