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
// Called where there is no window (server rendering): the browser layer's error, with its code table.
export { BrowserErrorCode, NoWindowError } from './browser/errors';
