import { Connection } from '../core/Connection';
import { type ConnectionEnvironment, defaultEnvironment } from '../core/environment';
import type { ConnectionOptions } from '../core/types';
import { describeNetworkFailure } from './networkFailure';

/** Connections in Node: the core's defaults, and error messages that say what went wrong below HTTP. */
export const nodeEnvironment: ConnectionEnvironment = Object.freeze({
  ...defaultEnvironment,
  describeNetworkFailure,
});

/** The core Connection with Node's environment (the `Connection` the Node entry of `mcp-use` exports). */
export class NodeConnection extends Connection {
  constructor(options: ConnectionOptions, environment: ConnectionEnvironment = nodeEnvironment) {
    super(options, environment);
  }
}
