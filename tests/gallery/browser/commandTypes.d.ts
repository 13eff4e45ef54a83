import type { ProxyLogEntry } from '../../../src/proxy';
import type { AppProxyOptions } from './appProxy.ts';

declare module 'vitest/browser' {
  interface BrowserCommands {
    startAppProxy: (options: AppProxyOptions) => Promise<string>;
    appProxyLog: (url: string) => Promise<ProxyLogEntry[]>;
    stopAppProxies: () => Promise<void>;
  }
}
