/**
 * What the callback page tells the window that opened the sign-in popup. It carries no token or code: the
 * callback page has already redeemed the code and stored the tokens; the opener only learns "done" or why not.
 */
export const CALLBACK_MESSAGE_TYPE = 'mcp-use:oauth-callback';

/** Fallback channel for when `window.opener` is gone (a Cross-Origin-Opener-Policy on the authorization server). */
export const CALLBACK_CHANNEL_NAME = 'mcp-use:oauth-callback';

export interface CallbackFailure {
  code: string;
  message: string;
  /** The authorization server's `error` code, e.g. `access_denied`. */
  oauthError?: string;
}

export interface CallbackMessage {
  type: typeof CALLBACK_MESSAGE_TYPE;
  state: string;
  ok: boolean;
  error?: CallbackFailure;
}

export function isCallbackMessage(data: unknown): data is CallbackMessage {
  if (typeof data !== 'object' || data === null) return false;
  const message = data as Partial<CallbackMessage>;
  return (
    message.type === CALLBACK_MESSAGE_TYPE &&
    typeof message.state === 'string' &&
    typeof message.ok === 'boolean'
  );
}
