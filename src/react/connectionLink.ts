import type { Connection } from '../core/Connection';

/**
 * Which connection stands behind a `useMcp` result. `<McpApp>` is handed the result, not the connection: it needs
 * the full tool list (app-only tools included, which `tools` may hide) and the connection's own methods. A WeakMap
 * keeps this out of the result's type and lets old results be collected.
 */
const links = new WeakMap<object, Connection>();

export function linkConnection<T extends object>(connection: Connection, result: T): T {
  links.set(result, connection);
  return result;
}

export const connectionOf = (result: object): Connection | undefined => links.get(result);
