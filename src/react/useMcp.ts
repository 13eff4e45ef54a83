import { useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import { Connection } from '../core/Connection';
import type { ConnectionOptions, ConnectionSnapshot, LogEntry } from '../core/types';
import { connectionKey } from './connectionKey';

export interface UseMcpOptions extends Omit<ConnectionOptions, 'createTransport' | 'serverName' | 'auth'> {
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
  /** Reconnects from `failed` or `disconnected`. */
  retry: () => void;
  /** Closes the connection (state `disconnected`). */
  disconnect: () => Promise<void>;
}

const DISCONNECTED_SNAPSHOT = (snapshot: ConnectionSnapshot): ConnectionSnapshot =>
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
  const connection = useMemo(
    () =>
      new Connection({
        ...latest.current,
        // Always call the newest callback without reconnecting when only the callback changed.
        onLog: (entry: LogEntry) => latest.current.onLog?.(entry),
      }),
    [key],
  );

  const snapshot = useSyncExternalStore(connection.subscribe, connection.getSnapshot, connection.getSnapshot);

  useEffect(() => {
    if (!enabled) return;
    return connection.acquire();
  }, [connection, enabled]);

  const visible = useMemo(() => (enabled ? snapshot : DISCONNECTED_SNAPSHOT(snapshot)), [enabled, snapshot]);
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
      retry: connection.retry,
      disconnect: connection.disconnect,
    }),
    [visible, connection],
  );
}
