// The `mcp-use/proxy` entry: the server side of `oauthProxyUrl`, a relay in the app's own backend for the browser
// requests that cannot go direct (endpoints without CORS headers). Web-standard APIs only: Next.js route
// handlers, Hono, Cloudflare Workers, Deno; `toNodeHandler` for Express and Node's http.
export {
  createProxyHandler,
  type ProxyClient,
  type ProxyHandler,
  type ProxyHandlerOptions,
  type ProxyLogEntry,
} from './proxy/createProxyHandler';
export { type NodeRequest, type NodeResponse, toNodeHandler } from './proxy/toNodeHandler';
export { ProxyConfigError, ProxyErrorCode } from './proxy/errors';
export type { ProxyRefusal } from './core/proxyWire';
export { McpUseError } from './core/errors';
