/**
 * Receives one line a stdio server wrote to its stderr. In a module of its own: the client's declarations name
 * it, and must not pull in the SDK's stdio transport (its types need Node's) for every importer of `mcp-use`.
 */
export type ServerStderrListener = (line: string, serverName: string) => void;
