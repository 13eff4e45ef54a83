// Tabs stay in step: two (or three) tabs of one app in one browser context share the stored tokens, and hear
// each other's sign-ins and sign-outs over the origin's BroadcastChannel. Signing in in one tab makes the others'
// hooks for that server and account `ready` without a reload; logout() or clearStorage() in one moves the others
// to `pending_auth`. Tabs of another account are left alone. Real Chromium tabs (Playwright pages), the real
// authorization server (oidc-provider) and MCP server.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { commands } from 'vitest/browser';
import { clearAuthStorage } from './support/authStorage';
import { mount, mountSignedIn, oauthServers, READY, signIn } from './support/oauthHarness';

/** The fixture app (tests/browser/fixtures/oauth-app.tsx) in a tab of its own, with these settings. */
const appPage = (settings: Record<string, string>) =>
  `/tests/browser/fixtures/oauth-app.html?${new URLSearchParams(settings)}`;

afterEach(async () => {
  await commands.closePopups();
  await commands.closeAppPages();
  await commands.stopOAuthServers();
});
afterAll(async () => {
  await commands.stopOAuthServers();
});

async function openTab(settings: Record<string, string>): Promise<string> {
  const id = await commands.openAppPage(appPage(settings));
  await commands.waitForTextInAppPage(id, 'state: pending_auth');
  return id;
}

const STATE = /state: (connecting|pending_auth|authenticating|ready|failed|disconnected)/;
const stateOf = async (id: string) => STATE.exec((await commands.appPageInfo(id)).text)?.[1];

async function whoami(id: string): Promise<string> {
  await commands.clickInAppPage(id, 'Who am I');
  await commands.waitForTextInAppPage(id, 'whoami:');
  return /whoami: ([a-z-]+)/.exec((await commands.appPageInfo(id)).text)?.[1] ?? '';
}

describe('tabs of one app stay in step', () => {
  it('a sign-in in one tab makes the other ready without a reload; a logout there sends it back to pending_auth', async () => {
    const { as, mcp } = await oauthServers();
    const one = await openTab({ server: mcp.url });
    const two = await openTab({ server: mcp.url, channels: '1' });

    await commands.clickInAppPage(one, 'Sign in');
    await commands.waitForTextInAppPage(one, 'state: ready');
    await commands.waitForTextInAppPage(two, 'state: ready');
    // One sign-in for both tabs, and the other tab calls the server with the shared tokens.
    expect((await commands.authServerStats(as.id)).authorizations).toBe(1);
    expect(await whoami(two)).toBe('test-user');

    await commands.clickInAppPage(one, 'Log out');
    await commands.waitForTextInAppPage(one, 'state: disconnected');
    await commands.waitForTextInAppPage(two, 'state: pending_auth');
    expect((await commands.authServerStats(as.id)).revocations).toBeGreaterThan(0);
    // What the tabs told each other: that a sign-in finished, and whose tokens changed — never a token.
    const text = (await commands.appPageInfo(two)).text;
    const heard = JSON.parse(text.slice(text.indexOf('[{'))) as Record<string, unknown>[];
    const shapes = new Set(heard.map((message) => Object.keys(message).sort().join(' ')));
    expect([...shapes].sort()).toEqual(['from serverUrl type', 'ok state type']);
    expect(heard).toContainEqual(
      expect.objectContaining({ type: 'mcp-use:tokens-changed', serverUrl: mcp.url }),
    );
    // The other tab is ready to sign in again at a click: its sign-in URL is prepared.
    await commands.clickInAppPage(two, 'Sign in');
    await commands.waitForTextInAppPage(two, 'state: ready');
  });

  it('clearStorage() in one tab sends the other back to pending_auth', async () => {
    const { mcp } = await oauthServers();
    const one = await openTab({ server: mcp.url });
    const two = await openTab({ server: mcp.url });
    await commands.clickInAppPage(two, 'Sign in');
    await commands.waitForTextInAppPage(one, 'state: ready');
    await commands.waitForTextInAppPage(two, 'state: ready');

    await commands.clickInAppPage(two, 'Forget this server');
    await commands.waitForTextInAppPage(two, 'state: disconnected');
    await commands.waitForTextInAppPage(one, 'state: pending_auth');
  });

  it('follows only the tabs of the same account', async () => {
    const { as, mcp } = await oauthServers();
    const work = await openTab({ server: mcp.url, account: 'work' });
    const personal = await openTab({ server: mcp.url, account: 'personal' });
    const workToo = await openTab({ server: mcp.url, account: 'work' });

    await commands.setAuthServerSubject(as.id, 'alice');
    await commands.clickInAppPage(work, 'Sign in');
    await commands.waitForTextInAppPage(work, 'state: ready');
    await commands.waitForTextInAppPage(workToo, 'state: ready');
    // The personal tab heard the same sign-in, found no tokens of its own account, and still waits.
    expect(await stateOf(personal)).toBe('pending_auth');
    expect(await whoami(workToo)).toBe('alice');

    await commands.setAuthServerSubject(as.id, 'bob');
    await commands.clickInAppPage(personal, 'Sign in');
    await commands.waitForTextInAppPage(personal, 'state: ready');
    expect(await whoami(personal)).toBe('bob');

    // Logging out of work in one tab: the other work tab follows, the personal one stays signed in.
    await commands.clickInAppPage(workToo, 'Log out');
    await commands.waitForTextInAppPage(work, 'state: pending_auth');
    expect(await stateOf(personal)).toBe('ready');
    await commands.reloadAppPage(personal);
    await commands.waitForTextInAppPage(personal, 'state: ready');
    await expect.poll(() => stateOf(workToo), READY).toBe('disconnected');
  }, 90_000);
});

describe('a hook waiting for a wider scope', () => {
  it('keeps waiting when a sign-in for something else finishes: its own token is no new sign-in', async () => {
    await clearAuthStorage();
    const as = await commands.startOAuthServer({});
    const stepUp = await commands.startProtectedMcpServer({ issuer: as.issuer, requiredScope: 'mcp:admin' });
    const other = await commands.startProtectedMcpServer({ issuer: as.issuer });
    const waiting = await mountSignedIn({ url: stepUp.url }, 'step-up');
    await expect(waiting.result().callTool('admin_echo', { text: 'x' })).rejects.toMatchObject({
      reason: 'insufficient_scope',
    });
    await expect.poll(() => waiting.result().state, READY).toBe('pending_auth');
    const prepared = waiting.result().authUrl;

    // Another server signs in (its callback page announces that on the origin's channel).
    const second = await mount({ url: other.url }, 'other');
    await expect.poll(() => second.result().state, READY).toBe('pending_auth');
    await signIn('other');
    await expect.poll(() => second.result().state, READY).toBe('ready');
    await second.result().callTool('whoami', {});

    expect(waiting.result().state).toBe('pending_auth');
    expect(waiting.result().authUrl).toBe(prepared);
  });
});
