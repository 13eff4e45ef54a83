// The `mcp-use` entry for Node: everything the browser entry has, plus MCPClient (config files, stdio servers,
// loopback sign-in) and its errors.
export * from './browser';
export * from './node/index';
