import type { ServerHandle } from './browserCommands.ts';
import type { EverythingHttpTransport } from './everythingServer.ts';
import type { AuthServerStats, StartAuthServerOptions, StartOAuthMcpServerOptions } from './oauthServers.ts';
import type { ServerStats, StartServerOptions } from './servers.ts';

declare module 'vitest/browser' {
  interface BrowserCommands {
    startMcpServer: (options: StartServerOptions) => Promise<ServerHandle>;
    stopMcpServer: (id: string) => Promise<void>;
    restartMcpServer: (id: string) => Promise<void>;
    mcpServerStats: (id: string) => Promise<ServerStats>;
    resetMcpServerStats: (id: string) => Promise<void>;
    addMcpTool: (id: string, name: string) => Promise<void>;
    stopAllMcpServers: () => Promise<void>;
    startEverythingServer: (transport: EverythingHttpTransport) => Promise<{ id: string; url: string }>;
    stopEverythingServers: () => Promise<void>;
    startOAuthServer: (options: StartAuthServerOptions) => Promise<{ id: string; issuer: string }>;
    authServerStats: (id: string) => Promise<AuthServerStats>;
    revokeAllRefreshTokens: (id: string) => Promise<number>;
    setAuthServerDeny: (id: string, deny: boolean) => Promise<void>;
    startProtectedMcpServer: (options: StartOAuthMcpServerOptions) => Promise<{ id: string; url: string }>;
    protectedMcpServerStats: (id: string) => Promise<{ requests: number; unauthorized: number }>;
    stopOAuthServers: () => Promise<void>;
    closePopups: () => Promise<number>;
    openPopupCount: () => Promise<number>;
    openAppPage: (path: string) => Promise<string>;
    clickInAppPage: (id: string, text: string) => Promise<void>;
    waitForTextInAppPage: (id: string, text: string) => Promise<string>;
    appPageInfo: (id: string) => Promise<{ url: string; text: string; images: number; console: string[] }>;
    reloadAppPage: (id: string) => Promise<void>;
    gotoInAppPage: (id: string, url: string) => Promise<void>;
    closeAppPages: () => Promise<void>;
  }
}

declare module 'vitest' {
  interface ProvidedContext {
    /** Whether the browser-popup-blocker project runs on a Chromium that has a popup blocker. */
    popupBlocker: boolean;
  }
}
