// The gallery's confidential clients in Chromium, `useMcp` in an app page: GitHub (client_secret_basic), Asana
// (client_secret_basic, one exact redirect URI, `resource` required), HubSpot (client_secret_post, which its
// metadata does not say) and Google (refresh tokens only for access_type=offline&prompt=consent). The page holds
// the client id only; the secret is in the app's backend (`createProxyHandler`'s `clients`, ./appProxy.ts), which
// the token request goes through (`oauthProxyUrl`). The flows reach the callback page, so they run in the fixture
// app (tests/browser/fixtures/oauth-app.tsx) on its own dev server, as in tests/gallery/cors.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { commands } from 'vitest/browser';
import { storeKeys } from '../../../src/auth/storeKeys';
import type { TokenRecord } from '../../../src/auth/types';
import { CLIENT_SECRET, type KindName } from '../support/kinds';
import type {} from './commandTypes';
import { startKindInBrowser } from './harness';

afterEach(async () => {
  await commands.closePopups();
  await commands.closeAppPages();
  await commands.stopAppProxies();
  await commands.stopOAuthServers();
});
afterAll(async () => {
  await commands.stopAppProxies();
  await commands.stopOAuthServers();
});

type Method = 'client_secret_basic' | 'client_secret_post';

/**
 * A kind's servers, and the app's proxy holding its client's secret. The app's origin is asked for each time: its
 * server is restarted (on another port) once its pages are closed.
 */
async function withBackend(name: KindName, clientId: string, method: Method) {
  const appOrigin = await commands.appOrigin();
  const { as, mcp } = await startKindInBrowser(name, [`${appOrigin}/tests/browser/fixtures/callback.html`]);
  const proxy = await commands.startAppProxy({
    pageOrigin: appOrigin,
    targets: [as.issuer, mcp.url],
    issuer: as.issuer,
    client: { clientId, clientSecret: CLIENT_SECRET, tokenEndpointAuthMethod: method },
  });
  return { as, mcp, proxy };
}

/** An app page with these settings (its query string: see the fixture app). */
function openApp(settings: [string, string][]) {
  return commands.openAppPage(`/tests/browser/fixtures/oauth-app.html?${new URLSearchParams(settings)}`);
}

/** Signs in from the app page as a user would, and calls a tool once ready. */
async function signInAndCall(id: string) {
  await commands.waitForTextInAppPage(id, 'state: pending_auth');
  await commands.clickInAppPage(id, 'Sign in');
  await commands.waitForTextInAppPage(id, 'state: ready');
  await commands.clickInAppPage(id, 'Who am I');
  await commands.waitForTextInAppPage(id, 'whoami: test-user');
}

/** The token request went through the proxy, which added the client's credentials the given way. */
async function expectSecretAddedByProxy(proxy: string, issuer: string, method: Method) {
  expect(await commands.appProxyLog(proxy)).toContainEqual(
    expect.objectContaining({
      method: 'POST',
      target: `${issuer}/token`,
      status: 200,
      clientAuthentication: method,
    }),
  );
}

describe('GitHub-like in the browser: a confidential client, its secret in the app backend', () => {
  it('without the backend: the token endpoint refuses the client, naming oauthProxyUrl; with it: ready', async () => {
    const { as, mcp, proxy } = await withBackend('github', 'github-app', 'client_secret_basic');
    const refused = await openApp([
      ['server', mcp.url],
      ['clientId', 'github-app'],
    ]);
    await commands.waitForTextInAppPage(refused, 'state: pending_auth');
    await commands.clickInAppPage(refused, 'Sign in');
    await commands.waitForTextInAppPage(refused, 'auth_client_auth_refused');
    expect((await commands.appPageInfo(refused)).text).toContain('with `oauthProxyUrl`');

    await signInAndCall(
      await openApp([
        ['server', mcp.url],
        ['clientId', 'github-app'],
        ['proxy', proxy],
      ]),
    );
    await expectSecretAddedByProxy(proxy, as.issuer, 'client_secret_basic');
  });
});

describe('Asana-like in the browser: client_secret_basic, one exact redirect URI, resource required', () => {
  it('with clientId, the registered callbackUrl and the backend: ready', async () => {
    const { as, mcp, proxy } = await withBackend('asana', 'asana-app', 'client_secret_basic');
    await signInAndCall(
      await openApp([
        ['server', mcp.url],
        ['clientId', 'asana-app'],
        ['proxy', proxy],
      ]),
    );
    await expectSecretAddedByProxy(proxy, as.issuer, 'client_secret_basic');
  });
});

describe('HubSpot-like in the browser: client_secret_post only', () => {
  it('with clientId and a backend that sends the secret in the form: ready', async () => {
    const { as, mcp, proxy } = await withBackend('hubspot', 'hubspot-app', 'client_secret_post');
    await signInAndCall(
      await openApp([
        ['server', mcp.url],
        ['clientId', 'hubspot-app'],
        ['proxy', proxy],
      ]),
    );
    await expectSecretAddedByProxy(proxy, as.issuer, 'client_secret_post');
  });
});

describe('Google-like in the browser: refresh tokens only with access_type=offline and prompt=consent', () => {
  it('without authorizationParams: no refresh token; with them: the sign-in keeps one', async () => {
    /** A sign-in to a Google-like server of its own, and the refresh token it left in the page's store. */
    const refreshTokenAfterSignIn = async (extra: [string, string][]) => {
      const { as, mcp, proxy } = await withBackend('google', 'google-app', 'client_secret_post');
      const id = await openApp([['server', mcp.url], ['clientId', 'google-app'], ['proxy', proxy], ...extra]);
      await signInAndCall(id);
      const tokens = await commands.appPageStoreRecord(id, storeKeys.tokens(mcp.url, as.issuer));
      return (tokens as TokenRecord | undefined)?.refreshToken;
    };
    expect(await refreshTokenAfterSignIn([])).toBeUndefined();
    expect(
      await refreshTokenAfterSignIn([
        ['authorizeParam', 'access_type=offline'],
        ['authorizeParam', 'prompt=consent'],
      ]),
    ).toBeTruthy();
  });
});
