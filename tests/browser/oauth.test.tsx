import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commands } from 'vitest/browser';
import { onMcpAuthorization } from '../../src/auth';
import { clearAuthStorage } from './support/authStorage';
import { mount, mountSignedIn, oauthServers, READY, signIn } from './support/oauthHarness';
import { advancePageClock, resetPageClock } from './support/pageClock';

/**
 * Access-token lifetime for the tests about tokens over time: long, so no token really expires while a test runs
 * on a busy machine. Moving the page's clock past it is what makes the client see an expired token.
 */
const ACCESS_TTL_SECONDS = 60;
const PAST_EXPIRY_MS = ACCESS_TTL_SECONDS * 1000 + 1_000;

beforeEach(async () => {
  await clearAuthStorage();
});
afterEach(async () => {
  resetPageClock();
  await commands.closePopups();
  await commands.closeAppPages();
  await commands.stopOAuthServers();
});
afterAll(async () => {
  await commands.stopOAuthServers();
});

describe('OAuth popup flow', () => {
  it('signs in through the popup from a click, reaches ready and calls a tool; a remount needs no popup', async () => {
    const { as, mcp } = await oauthServers();
    const first = await mount({ url: mcp.url });
    await expect.poll(() => first.result().state, READY).toBe('pending_auth');
    expect(first.result().authUrl).toMatch(new RegExp(`^${as.issuer}/`));
    expect(await commands.openPopupCount()).toBe(0);

    await signIn();
    await expect.poll(() => first.result().state, READY).toBe('ready');
    const who = await first.result().callTool('whoami', {});
    expect(who.isError).toBeFalsy();
    // StrictMode everywhere (this tree and the callback page): one registration and one code exchange.
    const stats = await commands.authServerStats(as.id);
    expect(stats).toMatchObject({ registrations: 1, authorizations: 1 });
    expect(stats.tokenRequests.byGrantType.authorization_code).toBe(1);
    await first.screen.unmount();

    // A fresh mount is what a reload gives the library: tokens come from IndexedDB, no sign-in.
    const second = await mount({ url: mcp.url });
    await expect.poll(() => second.result().state, READY).toBe('ready');
    expect((await commands.authServerStats(as.id)).authorizations).toBe(1);
    expect(await commands.openPopupCount()).toBe(0);
  });

  it('returns to pending_auth with a typed error when the user closes the popup', async () => {
    const { mcp } = await oauthServers({ autoConsent: false });
    const { result } = await mount({ url: mcp.url });
    await expect.poll(() => result().state, READY).toBe('pending_auth');
    await signIn();
    await expect.poll(() => result().state).toBe('authenticating');
    await expect.poll(() => commands.openPopupCount()).toBe(1);
    await commands.closePopups();
    await expect.poll(() => result().state, READY).toBe('pending_auth');
    expect(result().error).toMatchObject({ code: 'auth_popup_closed' });
    expect(result().authUrl).toBeTruthy();
  });

  it('carries the authorization server access_denied code when the user denies', async () => {
    const { mcp } = await oauthServers({ deny: true });
    const { result } = await mount({ url: mcp.url });
    await expect.poll(() => result().state, READY).toBe('pending_auth');
    await signIn();
    await expect.poll(() => result().error?.code, READY).toBe('auth_server_error');
    expect(result().state).toBe('pending_auth');
    expect(result().error).toMatchObject({ oauthError: 'access_denied' });
  });

  it('ignores a forged callback message from another origin', async () => {
    const { mcp } = await oauthServers({ autoConsent: false });
    const ignored: string[] = []; // the levels of the log entries saying a sign-in message was turned away
    const { result } = await mount({
      url: mcp.url,
      onLog: (entry) => {
        if (/ignored a sign-in message/i.test(entry.message)) ignored.push(entry.level);
      },
    });
    await expect.poll(() => result().state, READY).toBe('pending_auth');
    const state = new URL(result().authUrl!).searchParams.get('state');
    await signIn();
    await expect.poll(() => result().state).toBe('authenticating');
    // A frame with an opaque origin posts a perfectly shaped success message for the right state.
    const forged = JSON.stringify({ type: 'mcp-use:oauth-callback', state, ok: true });
    const frame = document.createElement('iframe');
    frame.src = `data:text/html,<script>parent.postMessage(${encodeURIComponent(forged)}, '*')</script>`;
    const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
    document.body.append(frame);
    await loaded;
    // Same origin but not the popup: also ignored.
    window.postMessage(JSON.parse(forged), window.location.origin);
    // Both messages reached the sign-in and were turned away as forged.
    await expect.poll(() => ignored, READY).toEqual(['warn', 'warn']);
    expect(result().state).toBe('authenticating');
    frame.remove();
  });

  it('gives two servers on one page each their own token', async () => {
    const as = await commands.startOAuthServer({});
    const one = await commands.startProtectedMcpServer({ issuer: as.issuer });
    const two = await commands.startProtectedMcpServer({ issuer: as.issuer });
    const a = await mount({ url: one.url }, 'one');
    const b = await mount({ url: two.url }, 'two');
    await expect
      .poll(() => [a.result().state, b.result().state], READY)
      .toEqual(['pending_auth', 'pending_auth']);
    await signIn('one');
    await expect.poll(() => a.result().state, READY).toBe('ready');
    expect(b.result().state).toBe('pending_auth');
    await signIn('two');
    await expect.poll(() => b.result().state, READY).toBe('ready');
    await a.result().callTool('whoami', {});
    await b.result().callTool('whoami', {});
    // Each server refused only its first, token-less request: neither ever saw the other's token.
    expect((await commands.protectedMcpServerStats(one.id)).unauthorized).toBe(1);
    expect((await commands.protectedMcpServerStats(two.id)).unauthorized).toBe(1);
  });
});

describe('OAuth scopes and sign-out', () => {
  it('steps up on 403 insufficient_scope: pending_auth for the wider scope, then the tool works', async () => {
    const as = await commands.startOAuthServer({});
    const mcp = await commands.startProtectedMcpServer({ issuer: as.issuer, requiredScope: 'mcp:admin' });
    const { result } = await mountSignedIn({ url: mcp.url });
    await expect(result().callTool('admin_echo', { text: 'x' })).rejects.toMatchObject({
      code: 'auth_required',
      reason: 'insufficient_scope',
    });
    await expect.poll(() => result().state, READY).toBe('pending_auth');
    const scope = new URL(result().authUrl!).searchParams.get('scope')?.split(' ') ?? [];
    expect(scope).toEqual(expect.arrayContaining(['mcp:tools', 'mcp:admin']));
    await signIn();
    await expect.poll(() => result().state, READY).toBe('ready');
    const out = await result().callTool('admin_echo', { text: 'x' });
    expect(out.content).toEqual([{ type: 'text', text: 'admin: x' }]);
  });

  it('logout revokes at the authorization server and the next connection asks to sign in again', async () => {
    const { as, mcp } = await oauthServers();
    const first = await mountSignedIn({ url: mcp.url });
    await first.result().logout();
    expect(first.result().state).toBe('disconnected');
    expect((await commands.authServerStats(as.id)).revocations).toBeGreaterThan(0);
    first.result().retry();
    await expect.poll(() => first.result().state, READY).toBe('pending_auth');
  });

  it('unmounting during a popup sign-in stops waiting; the popup closes itself at the callback, tokens kept', async () => {
    const { as, mcp } = await oauthServers({ autoConsent: false });
    const { result, screen } = await mount({ url: mcp.url });
    await expect.poll(() => result().state, READY).toBe('pending_auth');
    await signIn();
    const popup = await commands.adoptPopup();
    await commands.waitForTextInAppPage(popup, 'Sign-in'); // the authorization server's login page
    await screen.unmount();
    // The page gave up its hold on the popup (no opener: see README "Security"), so the popup, still at the
    // login page, is the user's to finish or close. Finished, it closes itself and the tokens are kept.
    await commands.setAuthServerAutoConsent(as.id, true);
    await commands.reloadAppPage(popup);
    await expect.poll(() => commands.openPopupCount(), READY).toBe(0);
    const again = await mount({ url: mcp.url });
    await expect.poll(() => again.result().state, READY).toBe('ready');
    expect((await commands.authServerStats(as.id)).authorizations).toBe(1);
  });
});

describe('OAuth tokens over time', () => {
  it('refreshes an expired access token once, without a popup, and a call succeeds', async () => {
    const { as, mcp } = await oauthServers({ accessTtl: ACCESS_TTL_SECONDS });
    const { result } = await mountSignedIn({ url: mcp.url });
    advancePageClock(PAST_EXPIRY_MS);
    const out = await result().callTool('echo', { text: 'after expiry' });
    expect(out.content).toEqual([{ type: 'text', text: 'after expiry' }]);
    const stats = await commands.authServerStats(as.id);
    expect(stats.tokenRequests.byGrantType.refresh_token).toBe(1);
    expect(stats.authorizations).toBe(1);
    expect(result().state).toBe('ready');
  });

  it('makes one refresh request when two connections refresh at the same moment', async () => {
    const { as, mcp } = await oauthServers({ accessTtl: ACCESS_TTL_SECONDS });
    const a = await mountSignedIn({ url: mcp.url }, 'one');
    // A second, independent connection (other options, so not pooled with the first: its own OAuth session object)
    // sharing the stored tokens, as a second tab would.
    const b = await mount({ url: mcp.url, clientName: 'second tab' }, 'two');
    await expect.poll(() => b.result().state, READY).toBe('ready');
    advancePageClock(PAST_EXPIRY_MS);
    await Promise.all([a.result().callTool('whoami', {}), b.result().callTool('whoami', {})]);
    expect((await commands.authServerStats(as.id)).tokenRequests.byGrantType.refresh_token).toBe(1);
  });

  it('goes to pending_auth, without looping, when the refresh token was revoked', async () => {
    const { as, mcp } = await oauthServers({ accessTtl: ACCESS_TTL_SECONDS });
    const { result } = await mountSignedIn({ url: mcp.url });
    expect(await commands.revokeAllRefreshTokens(as.id)).toBeGreaterThan(0);
    advancePageClock(PAST_EXPIRY_MS);
    await expect(result().callTool('whoami', {})).rejects.toMatchObject({ code: 'auth_required' });
    await expect.poll(() => result().state, READY).toBe('pending_auth');
    expect(result().authUrl).toBeTruthy();
    const refreshes = (await commands.authServerStats(as.id)).tokenRequests.byGrantType.refresh_token ?? 0;
    expect(refreshes).toBeLessThanOrEqual(1);
  });
});

describe('the callback page', () => {
  it('rejects an unknown state, a replayed response and a wrong iss, each with a typed error', async () => {
    const { as, mcp } = await oauthServers();
    const { result } = await mount({ url: mcp.url });
    await expect.poll(() => result().state, READY).toBe('pending_auth');
    const state = new URL(result().authUrl!).searchParams.get('state')!;
    const here = window.location.href;
    const at = (query: string) =>
      window.history.replaceState(null, '', `${window.location.pathname}?${query}`);
    try {
      at('code=forged&state=never-issued');
      await expect(onMcpAuthorization({ navigate: false })).rejects.toMatchObject({
        code: 'auth_invalid_state',
      });

      at(
        `code=forged&state=${encodeURIComponent(state)}&iss=${encodeURIComponent('http://127.0.0.1:9/evil')}`,
      );
      await expect(onMcpAuthorization({ navigate: false })).rejects.toMatchObject({
        code: 'auth_issuer_mismatch',
      });
      expect((await commands.authServerStats(as.id)).tokenRequests.total).toBe(0);

      // The state was spent by the attempt above: replaying it is refused too.
      at(`code=forged&state=${encodeURIComponent(state)}&iss=${encodeURIComponent(as.issuer)}`);
      await expect(onMcpAuthorization({ navigate: false })).rejects.toMatchObject({
        code: 'auth_invalid_state',
      });
      expect((await commands.authServerStats(as.id)).tokenRequests.total).toBe(0);
    } finally {
      window.history.replaceState(null, '', here);
    }
  });

  it('renders no markup from an error_description in the callback URL', async () => {
    const { mcp } = await oauthServers();
    const { result } = await mount({ url: mcp.url });
    await expect.poll(() => result().state, READY).toBe('pending_auth');
    const state = new URL(result().authUrl!).searchParams.get('state')!;
    const evil = '<img src=x onerror="document.title=\'pwned\'">';
    const id = await commands.openAppPage(
      `/tests/browser/fixtures/callback.html?error=access_denied&state=${encodeURIComponent(state)}&error_description=${encodeURIComponent(evil)}`,
    );
    await commands.waitForTextInAppPage(id, 'Authentication failed');
    const info = await commands.appPageInfo(id);
    expect(info.images).toBe(0);
    expect(info.text).not.toContain('<img');
  });
});

describe('OAuth redirect flow', () => {
  it('goes to the authorization server and back to the original URL, ready; a reload needs no sign-in', async () => {
    const { as, mcp } = await oauthServers();
    const start = `/tests/browser/fixtures/oauth-app.html?redirect=1&server=${encodeURIComponent(mcp.url)}&from=test`;
    const id = await commands.openAppPage(start);
    await commands.waitForTextInAppPage(id, 'pending_auth');
    await commands.clickInAppPage(id, 'Sign in');
    const back = await commands.waitForTextInAppPage(id, 'state: ready');
    expect(new URL(back).pathname + new URL(back).search).toBe(start);
    await commands.clickInAppPage(id, 'Who am I');
    await commands.waitForTextInAppPage(id, 'whoami:');
    await commands.reloadAppPage(id);
    await commands.waitForTextInAppPage(id, 'state: ready');
    expect((await commands.authServerStats(as.id)).authorizations).toBe(1);
  });
});
