// The gallery in Chromium, `useMcp` from React: servers whose tokens need a setting — Entra (no `resource`, the
// audience in an `<app>/.default` scope), an issuer named otherwise than its metadata says (Atlassian authv2,
// Salesforce), Auth0 (audience=<api>) and Cognito behind AgentCore (the ID token as the bearer).
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commands } from 'vitest/browser';
import type { LogEntry } from '../../../src/core/types';
import { clearAuthStorage } from '../../browser/support/authStorage';
import { mount, READY, signIn } from '../../browser/support/oauthHarness';
import { AUTH0_API, COGNITO_CLIENT, ENTRA_APP } from '../support/kinds';
import { firstText, startKindInBrowser } from './harness';

beforeEach(clearAuthStorage);
afterEach(async () => {
  await commands.closePopups();
  await commands.stopOAuthServers();
});
afterAll(() => commands.stopOAuthServers());

describe('Entra-like in the browser', () => {
  it('with resource sent: back in pending_auth with the error that says to leave it out; without it and with the scope: ready', async () => {
    const { mcp } = await startKindInBrowser('entra');
    const refused = await mount({ url: mcp.url, clientId: 'entra-app' }, 'refused');
    await expect.poll(() => refused.result().state, READY).toBe('pending_auth');
    await signIn('refused');
    await expect.poll(() => refused.result().error?.code, READY).toBe('auth_resource_rejected');
    expect(refused.result().state).toBe('pending_auth');
    expect(refused.result().error?.message).toContain('set `resource` to false (config, useMcp)');
    await refused.screen.unmount();

    const ok = await mount(
      { url: mcp.url, clientId: 'entra-app', resource: false, scope: `${ENTRA_APP}/.default` },
      'ok',
    );
    await expect.poll(() => ok.result().state, READY).toBe('pending_auth');
    expect(new URL(ok.result().authUrl!).searchParams.has('resource')).toBe(false);
    await signIn('ok');
    await expect.poll(() => ok.result().state, READY).toBe('ready');
    expect(firstText(await ok.result().callTool('whoami', {}))).toBe('test-user');
  });
});

describe('an issuer other than the one named, in the browser', () => {
  it('failed with the error that names trustIssuer; with trustIssuer: ready, with a warning in the log', async () => {
    const { as, mcp } = await startKindInBrowser('issuer');
    const refused = await mount({ url: mcp.url }, 'refused');
    await expect.poll(() => refused.result().state, READY).toBe('failed');
    expect(refused.result().error).toMatchObject({ code: 'auth_issuer_mismatch' });
    expect(refused.result().error?.message).toContain(
      `\`trustIssuer\` (useMcp) or \`--trust-issuer\` (CLI) to "${as.issuer}"`,
    );
    await refused.screen.unmount();

    const log: LogEntry[] = [];
    const ok = await mount({ url: mcp.url, trustIssuer: as.issuer, onLog: (entry) => log.push(entry) }, 'ok');
    await expect.poll(() => ok.result().state, READY).toBe('pending_auth');
    await signIn('ok');
    await expect.poll(() => ok.result().state, READY).toBe('ready');
    expect(log.some((entry) => entry.level === 'warn' && entry.message.includes('trust_issuer'))).toBe(true);
  });
});

/** Signs in twice, as a user would when asked again, and waits for the connection to give up. */
async function twoRefusedSignIns(mounted: Awaited<ReturnType<typeof mount>>, label: string) {
  for (let signIns = 0; signIns < 2; signIns += 1) {
    await expect.poll(() => mounted.result().state, READY).toBe('pending_auth');
    await signIn(label);
    await expect.poll(() => mounted.result().state, READY).not.toBe('authenticating');
  }
  await expect.poll(() => mounted.result().state, READY).toBe('failed');
  return mounted.result().error;
}

describe('Auth0-like in the browser', () => {
  it('without an audience: the tokens of two sign-ins refused, then failed naming authorizationParams; with it: ready', async () => {
    const { mcp } = await startKindInBrowser('auth0');
    const refused = await mount({ url: mcp.url }, 'refused');
    const error = await twoRefusedSignIns(refused, 'refused');
    expect(error).toMatchObject({ code: 'auth_token_refused' });
    expect(error?.message).toContain('`authorizationParams` (useMcp)');
    await refused.screen.unmount();

    const ok = await mount({ url: mcp.url, authorizationParams: { audience: AUTH0_API } }, 'ok');
    await expect.poll(() => ok.result().state, READY).toBe('pending_auth');
    expect(new URL(ok.result().authUrl!).searchParams.get('audience')).toBe(AUTH0_API);
    await signIn('ok');
    await expect.poll(() => ok.result().state, READY).toBe('ready');
  });
});

describe('Cognito / AgentCore-like in the browser', () => {
  it('without useIdToken: failed after two sign-ins, naming useIdToken; with it: the ID token is the bearer', async () => {
    const { mcp } = await startKindInBrowser('cognito');
    const refused = await mount({ url: mcp.url, clientId: COGNITO_CLIENT }, 'refused');
    const error = await twoRefusedSignIns(refused, 'refused');
    expect(error).toMatchObject({ code: 'auth_token_refused' });
    expect(error?.message).toContain('`useIdToken` (useMcp)');
    await refused.screen.unmount();

    // The tokens kept from the refused sign-ins carry no ID token: useIdToken asks for a sign-in that brings one.
    const { result } = await mount({ url: mcp.url, clientId: COGNITO_CLIENT, useIdToken: true });
    await expect.poll(() => result().state, READY).toBe('pending_auth');
    expect(new URL(result().authUrl!).searchParams.get('scope')?.split(' ')).toContain('openid');
    await signIn();
    await expect.poll(() => result().state, READY).toBe('ready');
    expect(firstText(await result().callTool('whoami', {}))).toBe('test-user');
  });
});
