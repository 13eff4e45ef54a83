// The `mcp-use` entry for browsers and other non-Node runtimes: the connection core without Node modules, its
// Connection set up for a page (focus events, the per-origin stream budget, localStorage), and the OAuth
// engine's errors.
export * from './entryShared';
export { BrowserConnection as Connection } from './browser/BrowserConnection';
