import type { BrowserCommand } from 'vitest/node';
import {
  type RunningServer,
  type ServerStats,
  type StartServerOptions,
  startServer,
  stopAllServers,
} from './servers.ts';

/**
 * Node-side commands that browser tests call to start, stop and inspect the real MCP servers. Servers are
 * referred to by an id (their port) because a RunningServer cannot cross into the page.
 */
const running = new Map<string, RunningServer>();

function find(id: string): RunningServer {
  const server = running.get(id);
  if (!server) throw new Error(`No test server with id ${id}`);
  return server;
}

export interface ServerHandle {
  id: string;
  url: string;
  port: number;
}

const startMcpServer: BrowserCommand<[StartServerOptions]> = async (_ctx, options): Promise<ServerHandle> => {
  const server = await startServer(options);
  const id = String(server.port);
  running.set(id, server);
  return { id, url: server.url, port: server.port };
};

const stopMcpServer: BrowserCommand<[string]> = async (_ctx, id) => {
  await find(id).stop();
};

const restartMcpServer: BrowserCommand<[string]> = async (_ctx, id) => {
  await find(id).restart();
};

const mcpServerStats: BrowserCommand<[string]> = async (_ctx, id): Promise<ServerStats> => find(id).stats();

const resetMcpServerStats: BrowserCommand<[string]> = async (_ctx, id) => {
  await find(id).resetStats();
};

const addMcpTool: BrowserCommand<[string, string]> = async (_ctx, id, name) => {
  await find(id).addTool(name);
};

const stopAllMcpServers: BrowserCommand<[]> = async () => {
  running.clear();
  await stopAllServers();
};

export const browserCommands = {
  startMcpServer,
  stopMcpServer,
  restartMcpServer,
  mcpServerStats,
  resetMcpServerStats,
  addMcpTool,
  stopAllMcpServers,
};
