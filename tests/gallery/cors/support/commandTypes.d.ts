import type { AuthServerStats } from '../../../support/oauthServers.ts';
import type { ProxyLogEntry } from '../../../../src/proxy';
import type { CorsKind, CorsQuirkHandle } from './corsQuirks.ts';

declare module 'vitest/browser' {
  interface BrowserCommands {
    startCorsQuirkServers: (kind: CorsKind) => Promise<CorsQuirkHandle>;
    corsQuirkProxyLog: (id: string) => Promise<ProxyLogEntry[]>;
    corsQuirkAuthStats: (id: string) => Promise<AuthServerStats>;
    stopCorsQuirks: () => Promise<void>;
  }
}
