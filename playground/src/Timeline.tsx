import type { McpEvent } from 'mcp-use/react';

/** A step of the engine (`onEvent`), or a state the connection entered (its snapshot). */
export type TimelineEntry =
  | { kind: 'step'; event: McpEvent }
  | { kind: 'state'; state: string; at: number; error?: { code: string; message: string } | undefined };

const LABELS: Record<McpEvent['type'], string> = {
  unauthorized: '401 from the MCP server',
  resource_metadata: 'Protected resource metadata',
  as_metadata: 'Authorization server metadata',
  registration: 'Client registration',
  authorization: 'Authorization request',
  callback: 'Callback',
  token: 'Tokens',
  refresh: 'Refresh',
  step_up: 'Step-up (insufficient scope)',
};

/** What the user should do about a failed step, by its error code (see the README's error tables). */
const FIXES: Record<string, string> = {
  auth_discovery_failed:
    'The server or its authorization server published no usable metadata: check the URL, or set the client id and scope in Auth settings.',
  auth_registration_failed:
    'The authorization server refused dynamic registration: register a client there and enter its Client ID in Auth settings.',
  auth_popup_blocked:
    'The browser blocked the sign-in window: press Sign in again (it opens from the click).',
  auth_popup_closed: 'The sign-in window was closed before it finished: press Sign in again.',
  auth_timeout: 'The sign-in took too long: press Sign in again.',
  auth_server_error:
    'The authorization server refused the sign-in (see its error): try again, or check the scope.',
  auth_token_failed:
    'The code could not be exchanged: if the token endpoint sends no CORS headers, set a Proxy URL.',
  auth_refresh_failed: 'The refresh token was refused: sign in again.',
};

function value(item: unknown): string {
  if (Array.isArray(item)) return item.join(', ');
  if (item && typeof item === 'object')
    return Object.entries(item)
      .map(([key, entry]) => `${key}=${String(entry)}`)
      .join('  ');
  return String(item);
}

function Fields({ fields }: { fields: object }) {
  const entries = Object.entries(fields).filter(([, item]) => item !== undefined);
  if (entries.length === 0) return null;
  return (
    <dl className="fields">
      {entries.map(([key, item]) => (
        <div key={key} className="field-row">
          <dt>{key}</dt>
          <dd>{value(item)}</dd>
        </div>
      ))}
    </dl>
  );
}

function ErrorLine({ error }: { error: { code: string; message: string } }) {
  const fix = FIXES[error.code];
  return (
    <div className="error">
      <code>{error.code}</code> {error.message}
      {fix ? <p className="fix">Fix: {fix}</p> : null}
    </div>
  );
}

/** The sign-in step by step, from the package's event stream, with the connection's states between. */
export function Timeline({ entries }: { entries: readonly TimelineEntry[] }) {
  if (entries.length === 0) return <p className="muted">Nothing yet.</p>;
  const start = entries[0]!.kind === 'step' ? entries[0]!.event.at : entries[0]!.at;
  return (
    <ol className="timeline" aria-label="Sign-in timeline">
      {entries.map((entry, index) => {
        const at = entry.kind === 'step' ? entry.event.at : entry.at;
        const offset = `+${((at - start) / 1000).toFixed(2)} s`;
        if (entry.kind === 'state') {
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: an append-only list
            <li key={index} className="state-entry" data-step={`state:${entry.state}`}>
              <span className="when">{offset}</span>{' '}
              <span className={`state state-${entry.state}`}>{entry.state}</span>
              {entry.error ? <ErrorLine error={entry.error} /> : null}
            </li>
          );
        }
        const { event } = entry;
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: an append-only list
          <li key={index} className={event.error ? 'step failed' : 'step'} data-step={event.type}>
            <div className="step-head">
              <span className="when">{offset}</span>
              <strong>{LABELS[event.type]}</strong>
              {event.status !== undefined ? <span className="tag">HTTP {event.status}</span> : null}
              {event.durationMs !== undefined ? <span className="muted">{event.durationMs} ms</span> : null}
            </div>
            <Fields fields={event.fields} />
            {event.error ? <ErrorLine error={event.error} /> : null}
          </li>
        );
      })}
    </ol>
  );
}
