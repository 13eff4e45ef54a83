import { useState } from 'react';
import type { UseMcpResult } from 'mcp-use/react';

/** Shows a connection's state and lets you call its tools. All text is rendered by React (escaped). */
export function SamplePanel({ mcp, signOut = false }: { mcp: UseMcpResult; signOut?: boolean }) {
  const [output, setOutput] = useState('');
  const [args, setArgs] = useState('{"text":"hello"}');

  async function call(name: string) {
    try {
      const result = await mcp.callTool(name, JSON.parse(args || '{}'));
      setOutput(JSON.stringify(result, null, 2));
    } catch (error) {
      setOutput(`${(error as { code?: string }).code ?? 'error'}: ${(error as Error).message}`);
    }
  }

  return (
    <div className="panel">
      <p>
        State: <strong data-testid="state">{mcp.state}</strong>
        {mcp.era ? ` · ${mcp.era} era (${mcp.protocolVersion}) over ${mcp.transport}` : ''}
      </p>
      {mcp.error ? (
        <p className="error">
          {mcp.error.code}: {mcp.error.message}
        </p>
      ) : null}
      {mcp.state === 'failed' || mcp.state === 'disconnected' ? (
        <button type="button" onClick={mcp.retry}>
          Retry
        </button>
      ) : null}
      {mcp.state === 'ready' ? (
        <button type="button" onClick={() => void (signOut ? mcp.logout() : mcp.disconnect())}>
          {signOut ? 'Sign out' : 'Disconnect'}
        </button>
      ) : null}
      {mcp.state === 'ready' ? (
        <>
          <p>{mcp.tools.length} tools available</p>
          <label>
            Arguments (JSON) <input value={args} onChange={(event) => setArgs(event.target.value)} />
          </label>
          <ul>
            {mcp.tools.map((tool) => (
              <li key={tool.name}>
                <button type="button" onClick={() => call(tool.name)}>
                  {tool.name}
                </button>{' '}
                {tool.description}
              </li>
            ))}
          </ul>
          <pre>{output}</pre>
        </>
      ) : null}
    </div>
  );
}
