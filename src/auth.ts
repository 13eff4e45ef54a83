// The `mcp-use/auth` entry: what an OAuth callback page imports. Small on purpose (no MCP SDK).
export {
  type McpAuthorizationResult,
  type OnMcpAuthorizationOptions,
  onMcpAuthorization,
} from './browser/onMcpAuthorization';
export {
  AuthErrorCode,
  AuthorizationServerError,
  InsecureUrlError,
  InvalidStateError,
  IssuerMismatchError,
  PrivateNetworkUrlError,
  ResponseTooLargeError,
  TokenRequestError,
} from './auth/callback';
export { McpUseError } from './core/errors';
// Called where there is no window (server rendering): the browser layer's error, with its code table; and a
// token endpoint the page may not reach (no CORS headers), or the app's proxy refusing the code exchange.
export { BrowserErrorCode, CorsBlockedError, NoWindowError, ProxyRefusedError } from './browser/errors';

declare global {
  /** A stand-in for Node's `Buffer`, which the MCP SDK's declarations name: see src/react.ts. */
  interface Buffer {}
}
