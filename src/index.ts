// The `mcp-use` entry for Node: the connection core plus MCPClient (config files, stdio servers).
export * from './core/index';
export * from './node/index';
