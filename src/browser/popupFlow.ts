import { AuthorizationServerError } from '../auth/errors';
import { McpUseError } from '../core/errors';
import { CALLBACK_CHANNEL_NAME, type CallbackMessage, isCallbackMessage } from './callbackMessage';
import { AuthTimeoutError, PopupBlockedError, PopupClosedError } from './errors';

const POPUP_FEATURES = 'popup=yes,width=520,height=720';
const CLOSED_POLL_MS = 250;
/** A popup that closed itself after success may close before its BroadcastChannel message is read. */
const CLOSED_GRACE_MS = 500;

export interface PopupFlowOptions {
  authorizationUrl: string;
  /** Origin of the callback page: the only origin whose messages count. */
  callbackOrigin: string;
  signal: AbortSignal;
  timeoutMs?: number;
  serverUrl: string;
  onForgedMessage?: (origin: string) => void;
}

function failureFrom(message: CallbackMessage, serverUrl: string): McpUseError {
  const error = message.error;
  if (error?.oauthError) return new AuthorizationServerError(String(error.oauthError), { serverUrl });
  return new McpUseError(
    (error?.code as McpUseError['code']) ?? 'auth_token_failed',
    String(error?.message ?? 'Sign-in failed'),
    { serverUrl },
  );
}

/**
 * Opens the authorization URL in a popup — synchronously, so the caller's click still counts as the user gesture —
 * and resolves when the callback page reports success for this flow's `state`. Messages must come from the
 * callback's exact origin and from this popup (or over the same-origin BroadcastChannel when the opener link was
 * cut), and carry this flow's state; anything else is ignored.
 */
export function runPopupFlow(options: PopupFlowOptions): Promise<void> {
  const state = new URL(options.authorizationUrl).searchParams.get('state');
  const name = `mcp-use-auth-${state ?? 'flow'}`;
  const opened = window.open(options.authorizationUrl, name, POPUP_FEATURES);
  if (!opened) return Promise.reject(new PopupBlockedError({ serverUrl: options.serverUrl }));
  const popup: Window = opened;

  return new Promise<void>((resolve, reject) => {
    const channel =
      typeof BroadcastChannel === 'function' ? new BroadcastChannel(CALLBACK_CHANNEL_NAME) : undefined;
    let closedSince: number | undefined;
    const poll = setInterval(() => {
      if (!popup.closed) return;
      closedSince ??= Date.now();
      if (Date.now() - closedSince >= CLOSED_GRACE_MS)
        finish(new PopupClosedError({ serverUrl: options.serverUrl }));
    }, CLOSED_POLL_MS);
    const timer =
      options.timeoutMs && options.timeoutMs > 0
        ? setTimeout(
            () => finish(new AuthTimeoutError(options.timeoutMs!, { serverUrl: options.serverUrl })),
            options.timeoutMs,
          )
        : undefined;

    function finish(outcome: McpUseError | undefined) {
      clearInterval(poll);
      clearTimeout(timer);
      window.removeEventListener('message', onMessage);
      channel?.removeEventListener('message', onChannelMessage);
      channel?.close();
      options.signal.removeEventListener('abort', onAbort);
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

    function onChannelMessage(event: MessageEvent) {
      if (isCallbackMessage(event.data) && event.data.state === state) accept(event.data);
    }

    function onAbort() {
      finish(new McpUseError('aborted', 'Sign-in was abandoned', { serverUrl: options.serverUrl }));
    }

    window.addEventListener('message', onMessage);
    channel?.addEventListener('message', onChannelMessage);
    options.signal.addEventListener('abort', onAbort, { once: true });
    if (options.signal.aborted) onAbort();
  });
}
