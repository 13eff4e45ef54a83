/**
 * The proxy's own errors. A request it refuses is not an error here: it is answered (a 4xx/5xx with the
 * refusal header of src/core/proxyWire.ts), and the browser side turns that answer into its ProxyRefusedError.
 * What throws is a handler set up wrongly, at once, when `createProxyHandler` is called.
 */
import { McpUseError } from '../core/errors';

export const ProxyErrorCode = {
  /** An option of `createProxyHandler` is missing or wrong; the error names it. */
  proxyInvalidConfig: 'proxy_invalid_config',
} as const;
export type ProxyErrorCode = (typeof ProxyErrorCode)[keyof typeof ProxyErrorCode];

declare module '../core/errors' {
  interface McpUseErrorCodes extends Record<ProxyErrorCode, true> {}
}

/** `createProxyHandler` was given an option it cannot work with. */
export class ProxyConfigError extends McpUseError {
  /** The option at fault, e.g. `allowedHosts`. */
  readonly option: string;
  constructor(option: string, message: string) {
    super('proxy_invalid_config', `createProxyHandler: ${option}: ${message}`);
    this.option = option;
  }
}
