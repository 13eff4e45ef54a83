import { type FormEvent, useId, useState } from 'react';
import { nameFor, newId, type ServerEntry, type TransportChoice } from './servers';

/** "Server URL" + "Connect", with the transport, a bearer token or headers, and the Auth settings of useMcp. */
export function ConnectForm({ onConnect }: { onConnect: (entry: ServerEntry) => void }) {
  const id = useId();
  const [url, setUrl] = useState('');
  const [transportType, setTransport] = useState<TransportChoice>('auto');
  const [bearer, setBearer] = useState('');
  const [headers, setHeaders] = useState('');
  const [auth, setAuth] = useState({
    clientId: '',
    clientMetadataUrl: '',
    scope: '',
    account: '',
    authorizationParams: '',
    resource: '',
    trustIssuer: '',
    callbackUrl: '',
    oauthProxyUrl: '',
    proxyMcpRequests: false,
    useRedirectFlow: false,
  });
  const field = (name: keyof typeof auth) => ({
    id: `${id}-${name}`,
    value: auth[name] as string,
    onChange: (event: { target: { value: string } }) => setAuth({ ...auth, [name]: event.target.value }),
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    const trimmed = url.trim();
    if (!URL.canParse(trimmed)) return;
    const entry: ServerEntry = { id: newId(), name: nameFor(trimmed), url: trimmed, transportType };
    if (bearer) entry.bearer = bearer;
    if (headers.trim()) entry.headers = headers;
    for (const name of [
      'clientId',
      'clientMetadataUrl',
      'scope',
      'account',
      'callbackUrl',
      'oauthProxyUrl',
      'authorizationParams',
      'resource',
      'trustIssuer',
    ] as const)
      if (auth[name].trim()) entry[name] = auth[name].trim();
    if (auth.proxyMcpRequests) entry.proxyMcpRequests = true;
    if (auth.useRedirectFlow) entry.useRedirectFlow = true;
    onConnect(entry);
  }

  return (
    <form className="connect" onSubmit={submit} aria-label="Connect to a server">
      <div className="row">
        <label htmlFor={`${id}-url`}>Server URL</label>
        <input
          id={`${id}-url`}
          type="url"
          required
          placeholder="https://example.com/mcp"
          value={url}
          onChange={(event) => setUrl(event.target.value)}
        />
        <label htmlFor={`${id}-transport`} className="visually-hidden">
          Transport
        </label>
        <select
          id={`${id}-transport`}
          value={transportType}
          onChange={(event) => setTransport(event.target.value as TransportChoice)}
        >
          <option value="auto">Auto (Streamable HTTP, then SSE)</option>
          <option value="http">Streamable HTTP</option>
          <option value="sse">SSE (legacy)</option>
        </select>
        <button type="submit" className="primary">
          Connect
        </button>
      </div>
      <details>
        <summary>Bearer token and headers</summary>
        <div className="grid">
          <label htmlFor={`${id}-bearer`}>Bearer token</label>
          <input
            id={`${id}-bearer`}
            type="password"
            autoComplete="off"
            value={bearer}
            onChange={(event) => setBearer(event.target.value)}
          />
          <label htmlFor={`${id}-headers`}>Headers (one "Name: value" a line)</label>
          <textarea
            id={`${id}-headers`}
            rows={2}
            value={headers}
            onChange={(event) => setHeaders(event.target.value)}
          />
        </div>
      </details>
      <details>
        <summary>Auth settings</summary>
        <div className="grid">
          <label htmlFor={`${id}-clientId`}>Client ID (pre-registered)</label>
          <input {...field('clientId')} />
          <label htmlFor={`${id}-clientMetadataUrl`}>Client ID metadata document URL</label>
          <input {...field('clientMetadataUrl')} type="url" />
          <label htmlFor={`${id}-scope`}>Scope</label>
          <input {...field('scope')} placeholder="the server's, by default" />
          <label htmlFor={`${id}-account`}>Account (its own tokens)</label>
          <input {...field('account')} placeholder="work, personal…" />
          <label htmlFor={`${id}-callbackUrl`}>Callback URL</label>
          <input {...field('callbackUrl')} type="url" placeholder={`${window.location.origin}/callback`} />
          <label htmlFor={`${id}-authorizationParams`}>
            Authorization parameters (one name=value a line)
          </label>
          <textarea
            id={`${id}-authorizationParams`}
            rows={2}
            value={auth.authorizationParams}
            onChange={(event) => setAuth({ ...auth, authorizationParams: event.target.value })}
          />
          <label htmlFor={`${id}-resource`}>Resource (a URL, or "omit")</label>
          <input {...field('resource')} placeholder="the server's URL, by default" />
          <label htmlFor={`${id}-trustIssuer`}>Trusted issuer</label>
          <input {...field('trustIssuer')} type="url" />
          <label htmlFor={`${id}-oauthProxyUrl`}>Proxy URL (mcp-use/proxy)</label>
          <input {...field('oauthProxyUrl')} type="url" />
          <span />
          <label className="check">
            <input
              type="checkbox"
              checked={auth.proxyMcpRequests}
              onChange={(event) => setAuth({ ...auth, proxyMcpRequests: event.target.checked })}
            />
            MCP requests through the proxy too
          </label>
          <span />
          <label className="check">
            <input
              type="checkbox"
              checked={auth.useRedirectFlow}
              onChange={(event) => setAuth({ ...auth, useRedirectFlow: event.target.checked })}
            />
            Sign in by redirect instead of a popup
          </label>
        </div>
      </details>
    </form>
  );
}
