// The `mcp-use` entry for Node: the connection core and the OAuth engine's errors (as in the browser build), its
// Connection set up for Node (error messages that say what went wrong below HTTP), plus MCPClient (config files,
// stdio servers, loopback sign-in) and its errors.
export * from './entryShared';
export * from './node/index';
export { NodeConnection as Connection } from './node/NodeConnection';
