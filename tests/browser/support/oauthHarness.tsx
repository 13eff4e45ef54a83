import { StrictMode } from 'react';
import { commands, page, userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import { type UseMcpOptions, type UseMcpResult, useMcp } from '../../../src/react';

export const READY = { timeout: 20_000, interval: 50 };
const CALLBACK_URL = new URL('/tests/browser/fixtures/callback.html', window.location.origin).href;

interface Sink {
  current: UseMcpResult | undefined;
}

function SignIn(props: { options: UseMcpOptions; sink: Sink; label: string }) {
  const mcp = useMcp(props.options);
  props.sink.current = mcp;
  return (
    <section>
      <output>{`${props.label}: ${mcp.state}`}</output>
      {mcp.error ? <p>{mcp.error.message}</p> : null}
      <button type="button" onClick={mcp.authenticate}>
        {`Sign in to ${props.label}`}
      </button>
    </section>
  );
}

export async function mount(options: Omit<UseMcpOptions, 'callbackUrl'>, label = 'server') {
  const sink: Sink = { current: undefined };
  const screen = await render(
    <StrictMode>
      <SignIn options={{ callbackUrl: CALLBACK_URL, ...options }} sink={sink} label={label} />
    </StrictMode>,
  );
  return { screen, result: () => sink.current! };
}

/** A real authorization server and an MCP server that requires its tokens. */
export async function oauthServers(
  options: { accessTtl?: number; autoConsent?: boolean; deny?: boolean } = {},
) {
  const as = await commands.startOAuthServer(options);
  const mcp = await commands.startProtectedMcpServer({ issuer: as.issuer });
  return { as, mcp };
}

export async function signIn(label = 'server') {
  await userEvent.click(page.getByRole('button', { name: `Sign in to ${label}` }));
}
