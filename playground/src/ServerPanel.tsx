import { type McpEvent, type UseMcpOptions, useMcp } from 'mcp-use/react';
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { ElicitationDialog, type PendingElicitation } from './ElicitationDialog';
import { PromptsTab } from './PromptsTab';
import { RequestLog } from './RequestLog';
import { ResourcesTab } from './ResourcesTab';
import { parseHeaders, parseParams, type ServerEntry } from './servers';
import { type TimelineEntry, Timeline } from './Timeline';
import { ToolsTab } from './ToolsTab';
import { createTraffic } from './traffic';

const TABS = ['Tools', 'Resources', 'Prompts', 'Sign-in', 'Log'] as const;
type Tab = (typeof TABS)[number];

function optionsOf(
  entry: ServerEntry,
  fetch: typeof globalThis.fetch,
  onEvent: (event: McpEvent) => void,
  onElicitation: NonNullable<UseMcpOptions['onElicitation']>,
) {
  const options: UseMcpOptions = {
    url: entry.url,
    apps: true,
    fetch,
    onEvent,
    onElicitation,
    clientName: 'mcp-use inspector',
  };
  const headers = parseHeaders(entry.headers, entry.bearer);
  if (Object.keys(headers).length > 0) options.headers = headers;
  if (entry.transportType) options.transportType = entry.transportType;
  for (const name of [
    'clientId',
    'clientMetadataUrl',
    'scope',
    'account',
    'callbackUrl',
    'oauthProxyUrl',
  ] as const) {
    const value = entry[name];
    if (value) options[name] = value;
  }
  const authorizationParams = parseParams(entry.authorizationParams);
  if (authorizationParams) options.authorizationParams = authorizationParams;
  if (entry.resource) options.resource = entry.resource === 'omit' ? false : entry.resource;
  if (entry.trustIssuer) options.trustIssuer = entry.trustIssuer;
  if (entry.proxyMcpRequests) options.proxyMcpRequests = true;
  if (entry.useRedirectFlow) options.useRedirectFlow = true;
  return options;
}

/** One server: its state, sign-in, and tabs for what it offers. All server text is rendered by React (escaped). */
export function ServerPanel({ entry, onClose }: { entry: ServerEntry; onClose: () => void }) {
  const traffic = useMemo(createTraffic, []);
  const [timeline, setTimeline] = useState<TimelineEntry[]>([]);
  const [elicitations, setElicitations] = useState<PendingElicitation[]>([]);
  const mcp = useMcp(
    optionsOf(
      entry,
      traffic.fetch,
      (event) => setTimeline((list) => [...list, { kind: 'step', event }]),
      // Each request waits in line for the user's answer.
      (request) =>
        new Promise((resolve) => {
          const pending: PendingElicitation = {
            request,
            answer: (result) => {
              setElicitations((list) => list.filter((item) => item !== pending));
              resolve(result);
            },
          };
          setElicitations((list) => [...list, pending]);
        }),
    ),
  );
  const [tab, setTab] = useState<Tab>('Tools');
  const requests = useSyncExternalStore(traffic.subscribe, traffic.requests);
  const notifications = useSyncExternalStore(traffic.subscribe, traffic.notifications);

  // The connection's states sit between the engine's steps on the timeline.
  useEffect(() => {
    setTimeline((list) => {
      const last = list.findLast((item) => item.kind === 'state');
      if (last?.kind === 'state' && last.state === mcp.state && last.error?.code === mcp.error?.code)
        return list;
      return [...list, { kind: 'state', state: mcp.state, at: Date.now(), error: mcp.error }];
    });
  }, [mcp.state, mcp.error]);

  const headingId = `panel-${entry.id.replace(/[^A-Za-z0-9_-]/g, '-')}`;
  return (
    <section className="panel" aria-labelledby={headingId} data-server={entry.name}>
      <header className="panel-head">
        <div className="title">
          <h2 id={headingId}>{entry.name}</h2>
          <span className={`state state-${mcp.state}`} data-testid="state">
            {mcp.state}
          </span>
        </div>
        <p className="url" title={entry.url}>
          {entry.url}
        </p>
        {mcp.state === 'ready' ? (
          <p className="muted">
            {mcp.serverInfo ? `${mcp.serverInfo.name} ${mcp.serverInfo.version} · ` : ''}
            {mcp.era} era, {mcp.protocolVersion}, {mcp.transport}
          </p>
        ) : null}
        {mcp.error ? (
          <p className="error" role="alert">
            <code>{mcp.error.code}</code> {mcp.error.message}
          </p>
        ) : null}
        <div className="actions">
          {mcp.state === 'pending_auth' ? (
            <button type="button" className="primary" onClick={mcp.authenticate}>
              Sign in
            </button>
          ) : null}
          {mcp.state === 'failed' || mcp.state === 'disconnected' ? (
            <button type="button" onClick={mcp.retry}>
              Reconnect
            </button>
          ) : null}
          {mcp.state === 'ready' ? (
            <button type="button" onClick={() => void mcp.disconnect()}>
              Disconnect
            </button>
          ) : null}
          <button type="button" onClick={() => void mcp.logout()}>
            Sign out
          </button>
          <button type="button" onClick={onClose}>
            Close
          </button>
        </div>
      </header>
      {elicitations[0] ? <ElicitationDialog key={elicitations.length} pending={elicitations[0]} /> : null}
      <div
        className="tabs"
        role="tablist"
        aria-label={`${entry.name} views`}
        onKeyDown={(event) => {
          // The WAI-ARIA tabs pattern: arrows, Home and End move between tabs; Tab leaves the list.
          const keys: Record<string, number> = {
            ArrowRight: 1,
            ArrowLeft: -1,
            Home: -TABS.length,
            End: TABS.length,
          };
          const step = keys[event.key];
          if (step === undefined) return;
          event.preventDefault();
          const index = Math.min(TABS.length - 1, Math.max(0, TABS.indexOf(tab) + step));
          const next = TABS[index]!;
          setTab(next);
          document.getElementById(`${headingId}-${next}`)?.focus();
        }}
      >
        {TABS.map((name) => (
          <button
            key={name}
            type="button"
            role="tab"
            id={`${headingId}-${name}`}
            aria-selected={tab === name}
            tabIndex={tab === name ? 0 : -1}
            aria-controls={`${headingId}-body`}
            onClick={() => setTab(name)}
          >
            {name}
            {name === 'Tools' && mcp.state === 'ready' ? ` (${mcp.tools.length})` : ''}
            {name === 'Resources' && mcp.state === 'ready' ? ` (${mcp.resources.length})` : ''}
            {name === 'Prompts' && mcp.state === 'ready' ? ` (${mcp.prompts.length})` : ''}
          </button>
        ))}
      </div>
      <div
        className="tab-body"
        role="tabpanel"
        id={`${headingId}-body`}
        aria-labelledby={`${headingId}-${tab}`}
      >
        {tab === 'Tools' ? <ToolsTab mcp={mcp} /> : null}
        {tab === 'Resources' ? <ResourcesTab mcp={mcp} /> : null}
        {tab === 'Prompts' ? <PromptsTab mcp={mcp} /> : null}
        {tab === 'Sign-in' ? <Timeline entries={timeline} /> : null}
        {tab === 'Log' ? (
          <RequestLog requests={requests} notifications={notifications} onClear={traffic.clear} />
        ) : null}
      </div>
    </section>
  );
}
