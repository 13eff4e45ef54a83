// The `mcp-use/react/apps` entry: <McpApp>, which shows a server's MCP App. Its own entry rather than part of
// `mcp-use/react`: a bundler that splits by file (esbuild) would otherwise move the modules `useMcp` shares with
// the app bridge (zod, the SDK) into one shared chunk with everything the bridge uses of them, and `useMcp` alone
// would grow by ~60 KB gzip. The bridge itself still loads only when an app is first rendered.
export type { McpAppErrorReason } from './apps/errors';
export { AppsErrorCode, MCP_APP_ERROR_REASONS, McpAppError } from './apps/errors';
export type { McpAppCallbacks } from './apps/hostCallbacks';
export type { AppPermission } from './apps/permissionPolicy';
export type { ToolData } from './apps/toolRun';
export { McpApp, type McpAppProps } from './react/McpApp';
