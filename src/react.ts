export { type McpAppsOptions, type UseMcpOptions, type UseMcpResult, useMcp } from './react/useMcp';
// The event stream's types (`onEvent`): the connection's states and each sign-in step.
export type { McpEvent, McpEventFieldMap, McpEventListener, McpEventType } from './core/events';
// What a failed sign-in window leaves in `error` (state `pending_auth`; `failed` for a callbackUrl on another
// origin). The connection's and the OAuth engine's errors come from `mcp-use`.
export {
  AuthTimeoutError,
  BrowserErrorCode,
  CallbackOriginError,
  ClientSecretInBrowserError,
  CorsBlockedError,
  NestedSignInError,
  PopupBlockedError,
  PopupClosedError,
  // A fetch an endpoint's CORS headers kept from the page, or the app's proxy refused (`oauthProxyUrl`).
  ProxyRefusedError,
} from './browser/errors';

declare global {
  /**
   * The MCP SDK's declarations name Node's `Buffer` (its stdio reader, which no page runs), so a browser app
   * checking its libraries (`skipLibCheck: false`) without @types/node would fail on them. An empty interface
   * merges into Node's where @types/node is present and stands in for it where it is not.
   */
  interface Buffer {}
}
