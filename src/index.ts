// The `mcp-use` entry for Node: the connection core and the OAuth engine's errors (as in the browser build), plus
// MCPClient (config files, stdio servers, loopback sign-in) and its errors.
export * from './entryShared';
export * from './node/index';
