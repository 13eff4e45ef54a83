import type { McpUiHostContext } from '@modelcontextprotocol/ext-apps/app-bridge';
import { type ReactNode, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { AppFrame, type AppFrameSnapshot } from '../apps/AppFrame';
import { McpAppError } from '../apps/errors';
import type { McpUseError } from '../core/errors';
import { connectionOf } from './connectionLink';
import type { McpAppProps } from './McpApp';

const LOADING: AppFrameSnapshot = { status: 'loading', error: undefined };
const noSubscription = () => () => {};

function hostContextOf(props: McpAppProps): McpUiHostContext {
  const { theme, locale, timeZone, displayMode, availableDisplayModes, containerDimensions } = props;
  return {
    platform: 'web',
    ...props.hostContext,
    ...(theme ? { theme } : {}),
    ...(locale ? { locale } : {}),
    ...(timeZone ? { timeZone } : {}),
    ...(displayMode ? { displayMode } : {}),
    ...(availableDisplayModes ? { availableDisplayModes } : {}),
    ...(containerDimensions ? { containerDimensions } : {}),
  };
}

const defaultError = (error: McpUseError): ReactNode => <p role="alert">{error.message}</p>;

/** The part of `<McpApp>` loaded on demand: an AppFrame per mount, fed with the newest props. */
export function McpAppFrame(props: McpAppProps): ReactNode {
  const { mcp, tool, sandbox, permissions, sandboxTimeoutMs } = props;
  const connection = connectionOf(mcp);
  const latest = useRef(props);
  latest.current = props;
  const host = useRef<HTMLDivElement>(null);
  const [frame, setFrame] = useState<AppFrame | undefined>(undefined);

  // Once the connection has been ready the app stays: a reconnect must not reload it (its calls wait or fail).
  const everReady = useRef(false);
  if (mcp.state === 'ready') everReady.current = true;
  const canStart = connection !== undefined && everReady.current;
  const sandboxUrl = String(sandbox);
  const permissionKey = (permissions ?? []).join(' ');

  useEffect(() => {
    if (!canStart || !connection || !host.current) return;
    const container = host.current;
    let created: AppFrame | undefined;
    // Created on the next task rather than now: StrictMode runs this effect, its cleanup and the effect again in
    // one go, and only the surviving run may call the tool (a tool call can have effects on the server).
    const timer = setTimeout(() => {
      created = new AppFrame({
        connection,
        container,
        toolName: tool,
        sandboxUrl,
        permissions: permissionKey ? (permissionKey.split(' ') as McpAppProps['permissions']) : [],
        hostContext: hostContextOf(latest.current),
        callbacks: () => latest.current,
        ...(sandboxTimeoutMs !== undefined ? { sandboxTimeoutMs } : {}),
      });
      setFrame(created);
      created.start(latest.current);
    }, 0);
    return () => {
      clearTimeout(timer);
      created?.close();
    };
  }, [canStart, connection, tool, sandboxUrl, permissionKey, sandboxTimeoutMs]);

  const hostContext = hostContextOf(props);
  const contextKey = JSON.stringify(hostContext);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the serialized context stands for the object
  useEffect(() => frame?.setHostContext(hostContext), [frame, contextKey]);

  const { input, partialInput, result, cancelled } = props;
  useEffect(() => {
    frame?.setToolData({ input, partialInput, result, cancelled });
  }, [frame, input, partialInput, result, cancelled]);

  const snapshot = useSyncExternalStore(
    frame?.subscribe ?? noSubscription,
    frame?.getSnapshot ?? (() => LOADING),
    () => LOADING,
  );
  const error = useMemo(
    () =>
      connection
        ? snapshot.error
        : new McpAppError(
            'not_a_use_mcp_result',
            'Pass <McpApp> the result of useMcp itself (a copy loses its connection)',
          ),
    [connection, snapshot.error],
  );

  return (
    <div
      className={props.className}
      style={props.style}
      data-mcp-app={tool}
      data-state={error ? 'failed' : snapshot.status}
    >
      {error
        ? (props.renderError ?? defaultError)(error)
        : snapshot.status === 'loading'
          ? props.fallback
          : null}
      <div ref={host} />
    </div>
  );
}
