import { useState } from 'react';
import { useMcp } from 'mcp-use/react';
import { SamplePanel } from './SamplePanel';

/** The reference page's "Bearer Token Authentication" sample, against the demo server. */
export function BearerScenario() {
  const [token, setToken] = useState(import.meta.env.VITE_BEARER_TOKEN as string);
  const mcp = useMcp({
    url: import.meta.env.VITE_BEARER_MCP_URL as string,
    headers: { Authorization: `Bearer ${token}` },
  });
  return (
    <section>
      <h2>Bearer token</h2>
      <label>
        Token <input value={token} onChange={(event) => setToken(event.target.value)} />
      </label>
      <SamplePanel mcp={mcp} />
    </section>
  );
}
