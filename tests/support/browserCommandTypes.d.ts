import type { ServerHandle } from './browserCommands.ts';
import type { AppsServerStats } from './appServers.ts';
import type { IdJagMode, IdpStats } from './enterpriseServers.ts';
import type { EverythingHttpTransport } from './everythingServer.ts';
import type { AuthServerStats, StartAuthServerOptions, StartOAuthMcpServerOptions } from './oauthServers.ts';
import type { ServerStats, StartServerOptions } from './servers.ts';

interface AppServerHandle {
  id: string;
  url: string;
  port: number;
}

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
    setAuthServerAutoConsent: (id: string, autoConsent: boolean) => Promise<void>;
    setAuthServerSubject: (id: string, subject: string) => Promise<void>;
    startProtectedMcpServer: (options: StartOAuthMcpServerOptions) => Promise<{ id: string; url: string }>;
    protectedMcpServerStats: (id: string) => Promise<{ requests: number; unauthorized: number }>;
    publishClientMetadata: (name: string, redirectUris: string[]) => Promise<string>;
    stopOAuthServers: () => Promise<void>;
    closePopups: () => Promise<number>;
    openPopupCount: () => Promise<number>;
    openAppPage: (path: string) => Promise<string>;
    appPageStoreRecord: (id: string, key: string) => Promise<unknown>;
    adoptPopup: () => Promise<string>;
    navigateOpenerFrom: (id: string, url: string) => Promise<'no-opener' | 'navigated'>;
    appOrigin: () => Promise<string>;
    clickInAppPage: (id: string, text: string) => Promise<void>;
    followLinkInAppPage: (id: string, text: string) => Promise<string>;
    waitForTextInAppPage: (id: string, text: string) => Promise<string>;
    appPageInfo: (id: string) => Promise<{ url: string; text: string; images: number; console: string[] }>;
    reloadAppPage: (id: string) => Promise<void>;
    gotoInAppPage: (id: string, url: string) => Promise<void>;
    closeAppPages: () => Promise<void>;
    startMcpAppsServer: (options: { legacy?: boolean }) => Promise<AppServerHandle>;
    startMcpExampleAppServer: (name: string) => Promise<AppServerHandle>;
    startMcpSandboxProxy: () => Promise<AppServerHandle>;
    mcpAppsServerStats: (port: number) => Promise<AppsServerStats>;
    stopAppServers: () => Promise<void>;
    clickInMcpApp: (tool: string, buttonName: string) => Promise<void>;
    waitForTextInMcpApp: (tool: string, pattern: string, layer?: 'app' | 'proxy') => Promise<string>;
    startEnterpriseServers: (options: {
      webRedirectUri: string;
      mcpServers?: number;
    }) => Promise<{ id: string; idpIssuer: string; asIssuer: string; mcpUrls: string[] }>;
    enterpriseStats: (
      id: string,
    ) => Promise<{ idp: IdpStats; as: { grants: number; rejected: Record<string, number> } }>;
    setIdJagMode: (id: string, mode: IdJagMode) => Promise<void>;
    stopEnterpriseServers: () => Promise<void>;
  }
}

declare module 'vitest' {
  interface ProvidedContext {
    /** Whether the browser-popup-blocker project runs on a Chromium that has a popup blocker. */
    popupBlocker: boolean;
  }
}
