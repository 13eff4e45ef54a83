import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { isModelVisible } from '../apps/toolVisibility';
import { uiExtensionCapability } from '../apps/uiExtension';
import type { BrowserOAuthOptions } from '../browser/BrowserOAuth';
import { diagnosingFetch } from '../browser/diagnosingFetch';
import { LazyBrowserOAuth } from '../browser/LazyBrowserOAuth';
import type { Connection } from '../core/Connection';
import type { ConnectionOptions, ConnectionSnapshot, LogEntry } from '../core/types';
import type { McpEventListener } from '../core/events';
import { authorizationHeaderName } from '../core/httpRules';
import { connectionKey } from './connectionKey';
import { linkConnection } from './connectionLink';
import { connectionPool } from './pool';

export interface McpAppsOptions {
  /**
   * Leave tools whose `_meta.ui.visibility` excludes `"model"` out of `tools` (SEP-1865: such tools are for the
   * app, not the agent; `<McpApp>` still lets the app call them). Default true.
   */
  hideAppOnlyTools?: boolean;
}

export interface UseMcpOptions
  extends Omit<ConnectionOptions, 'createTransport' | 'serverName' | 'auth' | 'onLog' | 'extensions'>,
    Omit<BrowserOAuthOptions, 'serverUrl' | 'store' | 'log' | 'emit'> {
  url: string;
  /** When false, no connection is made (state `disconnected`). Default true. */
  enabled?: boolean;
  /**
   * This page renders MCP Apps (`<McpApp>`): the connection declares the `io.modelcontextprotocol/ui` extension,
   * so servers that check for it offer their UI tools. Off by default.
   */
  apps?: boolean | McpAppsOptions;
  /** Receives this connection's log entries. Never receives tokens or other secrets. */
  onLog?: (entry: LogEntry) => void;
  /** Receives each step of this connection's sign-in as a typed event (see McpEvent). Secret-free. */
  onEvent?: McpEventListener;
}

export interface UseMcpResult extends ConnectionSnapshot {
  callTool: Connection['callTool'];
  startToolTask: Connection['startToolTask'];
  listTasks: Connection['listTasks'];
  getTask: Connection['getTask'];
  getTaskResult: Connection['getTaskResult'];
  cancelTask: Connection['cancelTask'];
  /**
   * Reads a resource now and on every update the server announces, across reconnects. Returns the stop, fit to
   * be an effect's cleanup: `useEffect(() => mcp.watchResource(uri, setContents), [mcp.watchResource, uri])`.
   */
  watchResource: (...args: Parameters<Connection['watchResource']>) => () => void;
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

/**
 * OAuth applies unless the app sends its own Authorization header, and only in a browser (not while rendering
 * on a server, where there is no window to sign in with).
 */
function createOAuth(options: UseMcpOptions, connection: () => Connection): LazyBrowserOAuth | undefined {
  if (typeof window === 'undefined' || authorizationHeaderName(options.headers) !== undefined)
    return undefined;
  if (!URL.canParse(options.url)) return undefined; // the connection reports the bad URL itself
  return new LazyBrowserOAuth({
    ...options,
    serverUrl: options.url,
    // The engine's log and sign-in steps go to the same listeners as the connection's own.
    log: (level, message) => connection().emitLog(level, message),
    emit: (event) => connection().emitEvent(event),
  });
}

/**
 * What the MCP requests go through in a browser: the app's proxy with `proxyMcpRequests`, and a fetch that names
 * a CORS block or a refusal of the proxy instead of failing as a bare network error.
 */
function mcpFetch({ fetch, oauthProxyUrl, proxyMcpRequests }: UseMcpOptions): ConnectionOptions['fetch'] {
  if (typeof window === 'undefined') return fetch;
  const diagnosed = diagnosingFetch(fetch).fetch;
  if (!oauthProxyUrl || !proxyMcpRequests) return diagnosed;
  // Loaded with the first request: pages that proxy no MCP server never ship it.
  return async (input, init) =>
    (await import('../core/fetchThroughProxy')).fetchThroughProxy(oauthProxyUrl, diagnosed)(input, init);
}

function connectionOptions(
  latest: { current: UseMcpOptions },
  connection: () => Connection,
): ConnectionOptions {
  const {
    onLog: _perComponent,
    enabled: _enabled,
    apps,
    onElicitation,
    onSampling,
    ...shared
  } = latest.current;
  const oauth = createOAuth(latest.current, connection);
  return {
    ...shared,
    fetch: mcpFetch(latest.current),
    ...(oauth ? { auth: oauth } : {}),
    ...(apps ? { extensions: uiExtensionCapability() } : {}),
    // Always the newest callbacks, without reconnecting when only the functions changed.
    ...(onElicitation
      ? { onElicitation: (...args) => (latest.current.onElicitation ?? onElicitation)(...args) }
      : {}),
    ...(onSampling ? { onSampling: (request) => (latest.current.onSampling ?? onSampling)(request) } : {}),
  };
}

const asDisconnected = (snapshot: ConnectionSnapshot): ConnectionSnapshot =>
  snapshot.state === 'disconnected' ? snapshot : { ...snapshot, state: 'disconnected' };

const hidesAppOnlyTools = (apps: UseMcpOptions['apps']): boolean =>
  apps === true || (typeof apps === 'object' && apps.hideAppOnlyTools !== false);

/**
 * React binding of a Connection: the connection lives outside React; this hook only subscribes to its
 * snapshots and ties its lifetime to the component. Components asking for the same server with the same options
 * share one pooled connection: one handshake, one sign-in.
 */
export function useMcp(options: UseMcpOptions): UseMcpResult {
  const { enabled = true } = options;
  const latest = useRef(options);
  latest.current = options;
  const key = connectionKey(options);

  // The key stands for every option that matters; the pool hands out one connection per key. A render only gets
  // a candidate: it is shared once the effect below commits (a render that never commits leaves nothing behind).
  const candidate = useMemo(() => {
    const created: Connection = connectionPool.candidate(key, () => connectionOptions(latest, () => created));
    return created;
  }, [key]);
  // When another component shared a connection for this key first, this one uses that.
  const [adopted, setAdopted] = useState<{ key: string; connection: Connection }>();
  const connection = adopted?.key === key ? adopted.connection : candidate;

  const snapshot = useSyncExternalStore(connection.subscribe, connection.getSnapshot, connection.getSnapshot);

  // Each component hears the shared connection's log and sign-in events through its own newest callbacks.
  useEffect(() => connection.listen(() => latest.current), [connection]);

  useEffect(() => {
    if (!enabled) return;
    const shared = connectionPool.share(key, candidate);
    setAdopted(shared.connection === candidate ? undefined : { key, connection: shared.connection });
    return shared.release;
  }, [key, candidate, enabled]);

  const hideAppOnly = hidesAppOnlyTools(options.apps);
  const visible = useMemo(() => {
    const shown = enabled ? snapshot : asDisconnected(snapshot);
    return hideAppOnly ? { ...shown, tools: shown.tools.filter(isModelVisible) } : shown;
  }, [enabled, snapshot, hideAppOnly]);
  const storage = useMemo(
    () => ({
      clearStorage: async () => {
        await connection.auth?.clearStorage?.();
        await connection.disconnect();
      },
      logout: async () => {
        await connection.auth?.logout?.();
        await connection.disconnect();
      },
      // One function per connection, so an effect that depends on it runs once.
      watchResource: (...args: Parameters<Connection['watchResource']>) => {
        const stop = connection.watchResource(...args);
        return () => void stop();
      },
    }),
    [connection],
  );
  return useMemo(
    () =>
      // <McpApp> reaches the connection (and every tool, app-only ones included) through the result it is given.
      linkConnection(connection, {
        ...visible,
        callTool: connection.callTool,
        startToolTask: connection.startToolTask,
        listTasks: connection.listTasks,
        getTask: connection.getTask,
        getTaskResult: connection.getTaskResult,
        cancelTask: connection.cancelTask,
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
