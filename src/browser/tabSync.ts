/**
 * Tabs of one origin share the IndexedDB store, so they share tokens — but a tab only looks at the store when it
 * connects. This tells the other tabs that the tokens of one (server, account) changed, so each reads the store
 * again: signed out in one tab, the others go back to `pending_auth`; signed in in one, the others connect.
 * The message never carries a token, only which server and account, and only pages of this origin can post on
 * the channel. Sign-ins need no message of their own: the callback page already announces each one on its
 * channel (callbackMessage.ts), and which server it was for is for the store to say.
 */
import { listenForCallbacks } from './callbackChannel';

export const TOKENS_CHANNEL_NAME = 'mcp-use:oauth-tokens';
const TOKENS_CHANGED = 'mcp-use:tokens-changed';

interface TokensChanged {
  type: typeof TOKENS_CHANGED;
  serverUrl: string;
  account?: string;
  /** The announcing engine's id: it knows what it did, and must not react to its own message. */
  from: string;
}

export interface TokenOwner {
  /** The canonical MCP server URL. */
  serverUrl: string;
  account: string | undefined;
  /** A random id for this tab's engine. */
  id: string;
}

function isTokensChanged(data: unknown): data is TokensChanged {
  const message = data as Partial<TokensChanged> | null;
  return (
    typeof message === 'object' &&
    message !== null &&
    message.type === TOKENS_CHANGED &&
    typeof message.serverUrl === 'string' &&
    typeof message.from === 'string'
  );
}

/** Tells the other tabs (and other engines in this one) that `owner`'s tokens were stored or deleted. */
export function announceTokensChanged(owner: TokenOwner): void {
  if (typeof BroadcastChannel !== 'function') return;
  const channel = new BroadcastChannel(TOKENS_CHANNEL_NAME);
  const message: TokensChanged = { type: TOKENS_CHANGED, serverUrl: owner.serverUrl, from: owner.id };
  if (owner.account !== undefined) message.account = owner.account;
  channel.postMessage(message);
  channel.close();
}

/**
 * Calls `onChange` when another engine announces a change to `owner`'s tokens, or any sign-in completes (it may
 * have been for this server and account), until the returned function is called.
 */
export function listenForTokenChanges(owner: TokenOwner, changed: () => unknown): () => void {
  if (typeof BroadcastChannel !== 'function') return () => undefined;
  const channel = new BroadcastChannel(TOKENS_CHANNEL_NAME);
  channel.onmessage = (event: MessageEvent) => {
    const message = event.data;
    if (
      isTokensChanged(message) &&
      message.from !== owner.id &&
      message.serverUrl === owner.serverUrl &&
      message.account === owner.account
    ) {
      changed();
    }
  };
  const stopCallbacks = listenForCallbacks((message) => {
    if (message.ok) changed();
  });
  return () => {
    channel.close();
    stopCallbacks();
  };
}
