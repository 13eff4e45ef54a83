/**
 * What the OAuth callback page needs, and nothing more: this graph imports oauth4webapi (only the functions
 * used), idb-keyval and the errors — never the MCP SDK, discovery or the session — to stay within the callback
 * bundle's size budget.
 */
export { completeAuthorization } from './completeAuthorization';
export type { CompletedAuthorization } from './completeAuthorization';
export { createMemoryStore } from './memoryStore';
export type { KeyValueStore } from './memoryStore';
export type { OAuthEnv } from './env';
export {
  AuthErrorCode,
  AuthorizationServerError,
  InvalidStateError,
  IssuerMismatchError,
  TokenRequestError,
  InsecureUrlError,
  PrivateNetworkUrlError,
  ResponseTooLargeError,
} from './errors';
export type { FlowContext, InvalidStateReason, PrivateNetwork } from './errors';
