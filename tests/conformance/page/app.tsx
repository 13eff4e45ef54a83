// The browser client under test: an application page using `useMcp`, rendered in StrictMode. The driver
// (lib/browserDriver.mjs) opens it with the scenario in `?config=`, clicks "Sign in" whenever the page shows it —
// as a user would — and reads the outcome from `#outcome`. The sign-in itself is the library's popup flow, through
// the suite's authorization endpoint to our callback page (callback.tsx).
import { StrictMode, useEffect, useRef, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { useMcp, type UseMcpResult } from '../../../src/react';
import { runScenario } from '../clients/scenarios';

interface PageConfig {
  serverUrl: string;
  scenario: string;
  context: Record<string, unknown>;
  clientMetadataUrl?: string;
  /** The page server's proxy, holding the pre-registered client's secret (scenarios with a client_secret). */
  oauthProxyUrl?: string;
}

const config = JSON.parse(new URLSearchParams(window.location.search).get('config') ?? '{}') as PageConfig;
const logLines: string[] = [];
function log(message: string): void {
  logLines.push(message);
  console.log(`[browser-client] ${message}`);
}

type Outcome = { ok: true } | { ok: false; error: string };

function App() {
  const clientId = typeof config.context.client_id === 'string' ? config.context.client_id : undefined;
  const mcp = useMcp({
    url: config.serverUrl,
    clientName: 'mcp-use-conformance',
    autoReconnect: false,
    requestTimeoutMs: 10_000,
    ...(clientId !== undefined ? { clientId } : {}),
    // A browser app keeps no secret: the confidential client's lives in the page server's proxy.
    ...(config.oauthProxyUrl !== undefined ? { oauthProxyUrl: config.oauthProxyUrl } : {}),
    ...(config.clientMetadataUrl !== undefined ? { clientMetadataUrl: config.clientMetadataUrl } : {}),
    onLog: (entry) => log(`${entry.level}: ${entry.message}`),
    // A user who accepts what the server asks for; the requested schema's defaults fill in the answer.
    onElicitation: async () => ({ action: 'accept', content: {} }),
  });
  const [outcome, setOutcome] = useState<Outcome | undefined>();

  // The latest hook result and "wait until ready again" for the scenario code, which runs outside rendering.
  const latest = useRef<UseMcpResult>(mcp);
  latest.current = mcp;
  const readyWaiters = useRef<(() => void)[]>([]);
  const started = useRef(false);

  useEffect(() => {
    if (mcp.state === 'ready') for (const resolve of readyWaiters.current.splice(0)) resolve();
    // A failed connection, or a sign-in that did not complete (back in pending_auth with the reason), is where
    // an application would show the error: the scenario ends there.
    const signInFailed = mcp.state === 'pending_auth' && mcp.error !== undefined;
    if ((mcp.state === 'failed' || signInFailed) && !outcome) {
      setOutcome({ ok: false, error: `${mcp.error?.code}: ${mcp.error?.message}` });
      return;
    }
    if (mcp.state !== 'ready' || started.current) return;
    started.current = true;
    runScenario({
      scenario: config.scenario,
      context: config.context,
      log,
      session: {
        listTools: () => latest.current.listTools(),
        callTool: (name, args) => latest.current.callTool(name, args ?? {}),
      },
      // The connection is back in pending_auth: the "Sign in" button shows, the user clicks it, it gets ready.
      signInAgain: () => new Promise<void>((resolve) => readyWaiters.current.push(resolve)),
    }).then(
      () => setOutcome({ ok: true }),
      (error: unknown) => {
        const code = (error as { code?: string }).code;
        setOutcome({ ok: false, error: `${code ?? 'error'}: ${(error as Error).message}` });
      },
    );
  }, [mcp.state, mcp.error, outcome]);

  return (
    <main>
      <p>
        state: <span id="state">{mcp.state}</span>
      </p>
      {mcp.state === 'pending_auth' && !outcome ? (
        <button id="sign-in" type="button" onClick={mcp.authenticate}>
          Sign in
        </button>
      ) : null}
      {outcome ? (
        <pre id="outcome" data-ok={String(outcome.ok)}>
          {outcome.ok ? 'ok' : outcome.error}
        </pre>
      ) : null}
    </main>
  );
}

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
