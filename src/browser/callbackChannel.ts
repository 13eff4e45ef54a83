import { AuthorizationServerError } from '../auth/errors';
import { McpUseError } from '../core/errors';
import { CALLBACK_CHANNEL_NAME, type CallbackMessage, isCallbackMessage } from './callbackMessage';

/**
 * The waiting side of the callback: hears the callback page's results on the same-origin BroadcastChannel
 * (only pages of this origin can post on it) until the returned function is called.
 */
export function listenForCallbacks(onMessage: (message: CallbackMessage) => void): () => void {
  if (typeof BroadcastChannel !== 'function') return () => undefined;
  const channel = new BroadcastChannel(CALLBACK_CHANNEL_NAME);
  channel.onmessage = (event: MessageEvent) => {
    if (isCallbackMessage(event.data)) onMessage(event.data);
  };
  return () => channel.close();
}

/** The typed error a failure message stands for. */
export function failureFrom(message: CallbackMessage, serverUrl: string): McpUseError {
  const error = message.error;
  if (error?.oauthError) return new AuthorizationServerError(String(error.oauthError), { serverUrl });
  return new McpUseError(
    (error?.code as McpUseError['code']) ?? 'auth_token_failed',
    String(error?.message ?? 'Sign-in failed'),
    { serverUrl },
  );
}
