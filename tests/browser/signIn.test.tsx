// Sign-in never strands the user, and a hostile authorization page gets nowhere: the popup, the redirect and
// the plain link each end (signed in, or back in pending_auth with a reason), whatever the pages involved do.
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { commands } from 'vitest/browser';
import { clearAuthStorage } from './support/authStorage';
import { mount, oauthServers, READY } from './support/oauthHarness';

/** The fixture app (tests/browser/fixtures/oauth-app.tsx) on its own origin, with these settings. */
const appPage = (settings: Record<string, string>) =>
  `/tests/browser/fixtures/oauth-app.html?${new URLSearchParams(settings)}`;
const CALLBACK_PAGE = '/tests/browser/fixtures/callback.html';
const DEFAULT_DEADLINE_MS = 5 * 60_000;

beforeEach(async () => {
  await clearAuthStorage();
});
afterEach(async () => {
  vi.useRealTimers();
  await commands.closePopups();
  await commands.closeAppPages();
  await commands.stopOAuthServers();
});
afterAll(async () => {
  await commands.stopOAuthServers();
});

describe('a sign-in popup that lands on the app', () => {
  it('never starts a sign-in of its own from inside the popup, even with preventAutoAuth: false', async () => {
    const { mcp } = await oauthServers({ autoConsent: false });
    const app = appPage({ server: mcp.url, auto: '1' });
    const opener = await commands.openAppPage(app);
    const popup = await commands.adoptPopup(); // the app's own sign-in, at the login page
    // The user wanders from the login page to the app, inside the sign-in window.
    await commands.gotoInAppPage(popup, new URL(app, await commands.appOrigin()).href);
    await commands.waitForTextInAppPage(popup, 'auth_nested_sign_in');
    expect(await commands.openPopupCount()).toBe(2); // the app and its one sign-in window
    await commands.waitForTextInAppPage(opener, 'state: authenticating');
  });

  it.each([
    ['from a click', { server: '', callback: 'default' }, true],
    ['by itself (preventAutoAuth: false)', { server: '', callback: 'default', auto: '1' }, false],
  ])(
    'completes at the default callback URL when the server answers it with the app: signed in %s, one popup',
    async (_how, settings, click) => {
      const { as, mcp } = await oauthServers();
      const id = await commands.openAppPage(appPage({ ...settings, server: mcp.url }));
      if (click) {
        await commands.waitForTextInAppPage(id, 'pending_auth');
        await commands.clickInAppPage(id, 'Sign in');
      }
      await commands.waitForTextInAppPage(id, 'state: ready');
      // The popup finished the sign-in as a callback page would, and closed.
      await expect.poll(() => commands.openPopupCount(), READY).toBe(1);
      const stats = await commands.authServerStats(as.id);
      expect(stats.authorizations).toBe(1);
      expect(stats.tokenRequests.byGrantType.authorization_code).toBe(1);
    },
  );
});

describe('the sign-in deadline', () => {
  it('gives up after five minutes by default (pending_auth, auth_timeout); finishing later still signs in', async () => {
    const { as, mcp } = await oauthServers({ autoConsent: false });
    const { result } = await mount({ url: mcp.url });
    await expect.poll(() => result().state, READY).toBe('pending_auth');
    // The deadline's clock is faked; everything else (the servers, the popup, the polls) keeps real time.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    result().authenticate(); // Playwright allows popups without a click, and the deadline starts here
    const popup = await commands.adoptPopup();
    await commands.waitForTextInAppPage(popup, 'Sign-in'); // the authorization server's login page
    vi.advanceTimersByTime(DEFAULT_DEADLINE_MS - 1_000);
    await expect.poll(() => result().state, READY).toBe('authenticating');
    vi.advanceTimersByTime(1_000);
    vi.useRealTimers();
    await expect.poll(() => result().error?.code, READY).toBe('auth_timeout');
    expect(result().state).toBe('pending_auth');

    // The user was only slow: the sign-in window still finishes, and the waiting page hears of it.
    await commands.setAuthServerAutoConsent(as.id, true);
    await commands.reloadAppPage(popup);
    await expect.poll(() => result().state, READY).toBe('ready');
  });

  it('has no deadline with authTimeoutMs: 0', async () => {
    const { mcp } = await oauthServers({ autoConsent: false });
    const { result } = await mount({ url: mcp.url, authTimeoutMs: 0 });
    await expect.poll(() => result().state, READY).toBe('pending_auth');
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    result().authenticate();
    await commands.adoptPopup();
    vi.advanceTimersByTime(24 * 60 * 60_000);
    vi.useRealTimers();
    await expect.poll(() => result().state, READY).toBe('authenticating');
    // A round trip to the test runner and back lets anything the day of fake time set off happen first.
    expect(await commands.openPopupCount()).toBe(1);
    expect(result().state).toBe('authenticating');
  });

  it('ends a redirect sign-in that never left the page (the user chose to stay): pending_auth, auth_timeout', async () => {
    const { mcp } = await oauthServers();
    // The app asks before it is left; the browser's "Leave site?" prompt is answered "Stay".
    const id = await commands.openAppPage(
      appPage({ server: mcp.url, redirect: '1', timeout: '1500', unsaved: '1' }),
    );
    await commands.waitForTextInAppPage(id, 'pending_auth');
    await commands.clickInAppPage(id, 'Sign in');
    await commands.waitForTextInAppPage(id, 'auth_timeout');
    await commands.waitForTextInAppPage(id, 'state: pending_auth');
  });
});

describe('signing in without a popup handle', () => {
  it('completes through the plain link (authUrl in a new tab without an opener): ready, no reload', async () => {
    const { as, mcp } = await oauthServers();
    const id = await commands.openAppPage(appPage({ server: mcp.url }));
    await commands.waitForTextInAppPage(id, 'pending_auth');
    await commands.followLinkInAppPage(id, 'Sign in in a new tab');
    await commands.waitForTextInAppPage(id, 'state: ready');
    expect((await commands.authServerStats(as.id)).authorizations).toBe(1);
  });

  it.each([
    ['the server refusing', true, 'auth_server_error'],
    ['success', false, 'state: ready'],
  ])(
    'reports %s when a Cross-Origin-Opener-Policy on the callback page cut the popup off',
    async (_what, deny, expected) => {
      const { mcp } = await oauthServers({ deny });
      const callback = `${CALLBACK_PAGE}?coop=same-origin`;
      const id = await commands.openAppPage(appPage({ server: mcp.url, callback }));
      await commands.waitForTextInAppPage(id, 'pending_auth');
      await commands.clickInAppPage(id, 'Sign in');
      await commands.waitForTextInAppPage(id, expected);
      const shown = (await commands.appPageInfo(id)).text;
      expect(shown).not.toContain('auth_popup_closed');
      if (deny) expect(shown).toContain('access_denied');
    },
  );
});

describe('where the sign-in may go', () => {
  it('refuses a callbackUrl on another origin at once, naming both origins', async () => {
    const { as, mcp } = await oauthServers();
    const elsewhere = 'http://127.0.0.1:9';
    const { result } = await mount({ url: mcp.url, callbackUrl: `${elsewhere}/callback` });
    await expect.poll(() => result().error?.code, READY).toBe('auth_callback_origin');
    expect(result().state).toBe('failed');
    expect(result().error?.message).toContain(elsewhere);
    expect(result().error?.message).toContain(window.location.origin);
    expect(result().authUrl).toBeUndefined();
    expect((await commands.authServerStats(as.id)).registrations).toBe(0);
  });

  it('gives the authorization page no way to navigate the app (reverse tabnabbing)', async () => {
    const { mcp } = await oauthServers({ autoConsent: false });
    const app = appPage({ server: mcp.url });
    const id = await commands.openAppPage(app);
    await commands.waitForTextInAppPage(id, 'pending_auth');
    await commands.clickInAppPage(id, 'Sign in');
    const popup = await commands.adoptPopup();
    await commands.waitForTextInAppPage(popup, 'Sign-in'); // the authorization server's login page
    const origin = await commands.appOrigin();
    expect(await commands.navigateOpenerFrom(popup, `${origin}/tabnabbed`)).toBe('no-opener');
    await commands.waitForTextInAppPage(id, 'state: authenticating');
    expect(new URL((await commands.appPageInfo(id)).url).pathname).toBe(new URL(app, origin).pathname);
  });
});
