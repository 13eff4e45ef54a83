import { StrictMode } from 'react';
import { expect } from 'vitest';
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

export async function mount(options: UseMcpOptions, label = 'server') {
  const sink: Sink = { current: undefined };
  const screen = await render(
    <StrictMode>
      <SignIn options={{ callbackUrl: CALLBACK_URL, ...options }} sink={sink} label={label} />
    </StrictMode>,
  );
  return { screen, result: () => sink.current! };
}

/**
 * Mounts, waits for pending_auth, signs in through the popup (auto-consent) and waits for ready: where every test
 * about a signed-in connection starts.
 */
export async function mountSignedIn(options: Omit<UseMcpOptions, 'callbackUrl'>, label = 'server') {
  const mounted = await mount(options, label);
  await expect.poll(() => mounted.result().state, READY).toBe('pending_auth');
  await signIn(label);
  await expect.poll(() => mounted.result().state, READY).toBe('ready');
  return mounted;
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
