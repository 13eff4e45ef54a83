import type { ServerStats, StartServerOptions } from './servers.ts';
import type { ServerHandle } from './browserCommands.ts';

declare module 'vitest/browser' {
  interface BrowserCommands {
    startMcpServer: (options: StartServerOptions) => Promise<ServerHandle>;
    stopMcpServer: (id: string) => Promise<void>;
    restartMcpServer: (id: string) => Promise<void>;
    mcpServerStats: (id: string) => Promise<ServerStats>;
    resetMcpServerStats: (id: string) => Promise<void>;
    addMcpTool: (id: string, name: string) => Promise<void>;
    stopAllMcpServers: () => Promise<void>;
  }
}
