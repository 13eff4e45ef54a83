import { useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import { BrowserOAuth, type BrowserOAuthOptions } from '../browser/BrowserOAuth';
import { Connection } from '../core/Connection';
import type { ConnectionOptions, ConnectionSnapshot, LogEntry } from '../core/types';
import { connectionKey } from './connectionKey';

export interface UseMcpOptions
  extends Omit<ConnectionOptions, 'createTransport' | 'serverName' | 'auth'>,
    Omit<BrowserOAuthOptions, 'serverUrl' | 'store' | 'log'> {
  url: string;
  /** When false, no connection is made (state `disconnected`). Default true. */
  enabled?: boolean;
}

export interface UseMcpResult extends ConnectionSnapshot {
  callTool: Connection['callTool'];
  readResource: Connection['readResource'];
  getPrompt: Connection['getPrompt'];
  listTools: Connection['listTools'];
  listResources: Connection['listResources'];
  listResourceTemplates: Connection['listResourceTemplates'];
  listPrompts: Connection['listPrompts'];
  /** Starts the prepared sign-in (call it from a click: the popup opens synchronously). */
  authenticate: () => void;
  /** Reconnects from `failed` or `disconnected`. */
  retry: () => void;
  /** Closes the connection (state `disconnected`). */
  disconnect: () => Promise<void>;
  /** Forgets this server's stored tokens, registration and discovery, and disconnects. */
  clearStorage: () => Promise<void>;
  /** Revokes this server's tokens where the authorization server supports it, forgets them, and disconnects. */
  logout: () => Promise<void>;
}

function hasAuthorizationHeader(headers: Record<string, string> | undefined): boolean {
  return Object.keys(headers ?? {}).some((name) => name.toLowerCase() === 'authorization');
}

/**
 * OAuth applies unless the app sends its own Authorization header, and only in a browser (not while rendering
 * on a server, where there is no window to sign in with).
 */
function createOAuth(options: UseMcpOptions, log: BrowserOAuthOptions['log']): BrowserOAuth | undefined {
  if (typeof window === 'undefined' || hasAuthorizationHeader(options.headers)) return undefined;
  if (!URL.canParse(options.url)) return undefined; // the connection reports the bad URL itself
  return new BrowserOAuth({ ...options, serverUrl: options.url, ...(log ? { log } : {}) });
}

const asDisconnected = (snapshot: ConnectionSnapshot): ConnectionSnapshot =>
  snapshot.state === 'disconnected' ? snapshot : { ...snapshot, state: 'disconnected' };

/**
 * React binding of a Connection: the connection lives outside React; this hook only subscribes to its
 * snapshots and ties its lifetime to the component.
 */
export function useMcp(options: UseMcpOptions): UseMcpResult {
  const { enabled = true } = options;
  const latest = useRef(options);
  latest.current = options;
  const key = connectionKey(options);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the key stands for every option that matters.
  const { connection, oauth } = useMemo(() => {
    // Always call the newest callback, without reconnecting when only the callback changed.
    const onLog = (entry: LogEntry) => latest.current.onLog?.(entry);
    const oauth = createOAuth(latest.current, (level, message) =>
      onLog({ level, message, time: Date.now() }),
    );
    const connection = new Connection({ ...latest.current, onLog, ...(oauth ? { auth: oauth } : {}) });
    return { connection, oauth };
  }, [key]);

  const snapshot = useSyncExternalStore(connection.subscribe, connection.getSnapshot, connection.getSnapshot);

  useEffect(() => {
    if (!enabled) return;
    return connection.acquire();
  }, [connection, enabled]);

  const visible = useMemo(() => (enabled ? snapshot : asDisconnected(snapshot)), [enabled, snapshot]);
  const storage = useMemo(
    () => ({
      clearStorage: async () => {
        await oauth?.clearStorage();
        await connection.disconnect();
      },
      logout: async () => {
        await oauth?.logout();
        await connection.disconnect();
      },
    }),
    [connection, oauth],
  );
  return useMemo(
    () => ({
      ...visible,
      callTool: connection.callTool,
      readResource: connection.readResource,
      getPrompt: connection.getPrompt,
      listTools: connection.listTools,
      listResources: connection.listResources,
      listResourceTemplates: connection.listResourceTemplates,
      listPrompts: connection.listPrompts,
      authenticate: connection.authenticate,
      retry: connection.retry,
      disconnect: connection.disconnect,
      ...storage,
    }),
    [visible, connection, storage],
  );
}
