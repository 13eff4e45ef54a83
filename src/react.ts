export { type McpAppsOptions, type UseMcpOptions, type UseMcpResult, useMcp } from './react/useMcp';
// What a failed sign-in window leaves in `error` (state `pending_auth`). The connection's and the OAuth engine's
// errors come from `mcp-use`.
export { AuthTimeoutError, BrowserErrorCode, PopupBlockedError, PopupClosedError } from './browser/errors';
