export { type McpAppsOptions, type UseMcpOptions, type UseMcpResult, useMcp } from './react/useMcp';
