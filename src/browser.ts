// The `mcp-use` entry for browsers and other non-Node runtimes: the connection core without Node modules.
export * from './core/index';
