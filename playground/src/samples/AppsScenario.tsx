import { McpApp } from 'mcp-use/react/apps';
import { useMcp } from 'mcp-use/react';
import { useState } from 'react';

/**
 * An MCP App from `@modelcontextprotocol/server-basic-react`, shown by <McpApp> through the sandbox proxy on its
 * own origin. What the app sends the host is listed below it, as text.
 */
export function AppsScenario() {
  const mcp = useMcp({ url: import.meta.env.VITE_APPS_MCP_URL as string, apps: true });
  const [theme, setTheme] = useState<'light' | 'dark'>('light');
  const [messages, setMessages] = useState<string[]>([]);
  const note = (line: string) => setMessages((previous) => [...previous.slice(-9), line]);
  return (
    <section>
      <h2>MCP Apps</h2>
      <p>
        State: <strong data-testid="state">{mcp.state}</strong> · tool <code>get-time</code>
      </p>
      <button type="button" onClick={() => setTheme(theme === 'light' ? 'dark' : 'light')}>
        Theme: {theme}
      </button>
      <div className="panel">
        <McpApp
          mcp={mcp}
          tool="get-time"
          input={{}}
          sandbox={import.meta.env.VITE_SANDBOX_PROXY_URL as string}
          theme={theme}
          locale={navigator.language}
          containerDimensions={{ maxHeight: 600 }}
          fallback={<p>Loading the app…</p>}
          onMessage={(message) => {
            const text = message.content.map((block) =>
              block.type === 'text' ? block.text : `[${block.type}]`,
            );
            note(`message: ${text.join(' ')}`);
          }}
          onOpenLink={(url) => {
            note(`open link: ${url.href}`);
            window.open(url.href, '_blank', 'noopener,noreferrer');
          }}
          onError={(error) => note(`error: ${error.message}`)}
        />
      </div>
      <ul data-testid="app-messages">
        {messages.map((line, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: an append-only log
          <li key={index}>{line}</li>
        ))}
      </ul>
    </section>
  );
}
