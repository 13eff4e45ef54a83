/**
 * The messages the sandbox proxy handles itself (SEP-1865 "Sandbox proxy"): everything else passes through it
 * between the host and the app, and nothing under this prefix ever does, so an app cannot pose as the proxy.
 */
export const SANDBOX_METHOD_PREFIX = 'ui/notifications/sandbox-';
export const SANDBOX_PROXY_READY = 'ui/notifications/sandbox-proxy-ready';
export const SANDBOX_RESOURCE_READY = 'ui/notifications/sandbox-resource-ready';

/** The query parameter that tells the proxy page which origin embeds it (the only one it talks to). */
export const HOST_ORIGIN_PARAM = 'host';

/**
 * Tokens the inner frame's `sandbox` may hold. It never gets `allow-top-navigation*`, `allow-popups*` or
 * `allow-same-origin` by default; a host may ask for `allow-same-origin` explicitly (the app then shares the
 * proxy's origin and its storage with every other app shown through this proxy origin).
 */
export const DEFAULT_INNER_SANDBOX = 'allow-scripts allow-forms';
export const INNER_SANDBOX_TOKENS = new Set([
  'allow-scripts',
  'allow-forms',
  'allow-same-origin',
  'allow-modals',
  'allow-downloads',
  'allow-pointer-lock',
]);

export function isJsonRpcMessage(data: unknown): data is { jsonrpc: '2.0'; method?: unknown } {
  return typeof data === 'object' && data !== null && (data as { jsonrpc?: unknown }).jsonrpc === '2.0';
}

export const isSandboxMessage = (data: { method?: unknown }): boolean =>
  typeof data.method === 'string' && data.method.startsWith(SANDBOX_METHOD_PREFIX);
