// The CORS kinds of the quirk gallery in Chromium, through `useMcp` (StrictMode) and its callback page: without
// `oauthProxyUrl` each fails with an error naming the endpoint the browser may not read and the fix; with the
// app's proxy each signs in and calls a tool. Flows that reach the callback page run in the fixture app
// (tests/browser/fixtures/oauth-app.tsx) on a plain Vite dev server, which also serves the proxy, on the app's own
// origin, allowed the kind's two hosts only. For these kinds only the browser is concerned: clients.test.ts shows
// MCPClient and the CLI work against the same servers with no setting.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commands } from 'vitest/browser';
import { clearAuthStorage } from '../../browser/support/authStorage';
import { mount, oauthServers, READY } from '../../browser/support/oauthHarness';
import type {} from './support/commandTypes';

const appPage = (settings: Record<string, string>) =>
  `/tests/browser/fixtures/oauth-app.html?${new URLSearchParams(settings)}`;

beforeEach(async () => {
  await clearAuthStorage();
});
afterEach(async () => {
  await commands.closePopups();
  await commands.closeAppPages();
  await commands.stopCorsQuirks();
  await commands.stopOAuthServers();
});
afterAll(async () => {
  await commands.stopCorsQuirks();
});

const FIX = /oauthProxyUrl/;

/** Signs in from the app page as a user would, and calls a tool once ready. */
async function signInAndCall(id: string) {
  await commands.waitForTextInAppPage(id, 'state: pending_auth');
  await commands.clickInAppPage(id, 'Sign in');
  await commands.waitForTextInAppPage(id, 'state: ready');
  await commands.clickInAppPage(id, 'Who am I');
  await commands.waitForTextInAppPage(id, 'whoami: test-user');
}

describe('a token endpoint without CORS headers (Sentry, GitHub)', () => {
  it('fails the sign-in with an error naming the token endpoint and oauthProxyUrl', async () => {
    const quirk = await commands.startCorsQuirkServers('token-endpoint');
    const id = await commands.openAppPage(appPage({ server: quirk.mcpUrl }));
    await commands.waitForTextInAppPage(id, 'state: pending_auth');
    await commands.clickInAppPage(id, 'Sign in');
    // The callback page's code exchange is what fails; its error comes back to the app, in pending_auth.
    await commands.waitForTextInAppPage(
      id,
      `cors_blocked: ${quirk.issuer}/token is up, but its answer is withheld`,
    );
    const { text } = await commands.appPageInfo(id);
    expect(text).toContain('state: pending_auth');
    expect(text).toMatch(FIX);
  });

  it('signs in with oauthProxyUrl: the code is redeemed through the proxy', async () => {
    const quirk = await commands.startCorsQuirkServers('token-endpoint');
    await signInAndCall(
      await commands.openAppPage(appPage({ server: quirk.mcpUrl, proxy: quirk.proxyPath })),
    );
    const log = await commands.corsQuirkProxyLog(quirk.id);
    expect(log).toContainEqual(
      expect.objectContaining({ method: 'POST', target: `${quirk.issuer}/token`, status: 200 }),
    );
    // The MCP requests went direct: this server sends CORS headers.
    expect(log.some((entry) => entry.target === quirk.mcpUrl)).toBe(false);
  });
});

describe('an authorization server without CORS headers anywhere (WorkOS AuthKit, Keycloak)', () => {
  it('fails before the sign-in with an error naming its metadata and oauthProxyUrl', async () => {
    const quirk = await commands.startCorsQuirkServers('authorization-server');
    const { result } = await mount({ url: quirk.mcpUrl });
    await expect.poll(() => result().error?.code, READY).toBe('cors_blocked');
    expect(result().state).toBe('failed');
    expect(result().error?.message).toContain(`${quirk.issuer}/.well-known/`);
    expect(result().error?.message).toMatch(FIX);
  });

  it('signs in with oauthProxyUrl: metadata, registration and token requests go through the proxy', async () => {
    const quirk = await commands.startCorsQuirkServers('authorization-server');
    await signInAndCall(
      await commands.openAppPage(appPage({ server: quirk.mcpUrl, proxy: quirk.proxyPath })),
    );
    const targets = (await commands.corsQuirkProxyLog(quirk.id)).map((entry) => entry.target);
    expect(targets).toContain(`${quirk.issuer}/.well-known/oauth-authorization-server`);
    expect(targets).toContain(`${quirk.issuer}/reg`);
    expect(targets).toContain(`${quirk.issuer}/token`);
  });
});

describe('an MCP server without CORS headers (Stripe, early on)', () => {
  it('fails with an error naming the MCP endpoint and the fix', async () => {
    const quirk = await commands.startCorsQuirkServers('mcp-server');
    const { result } = await mount({ url: quirk.mcpUrl });
    await expect.poll(() => result().error?.code, READY).toBe('cors_blocked');
    expect(result().state).toBe('failed');
    expect(result().error?.message).toContain(`${quirk.mcpUrl} is up, but its answer is withheld`);
    expect(result().error?.message).toMatch(/proxyMcpRequests/);
  });

  it('connects with oauthProxyUrl and proxyMcpRequests: the MCP requests go through the proxy too', async () => {
    const quirk = await commands.startCorsQuirkServers('mcp-server');
    await signInAndCall(
      await commands.openAppPage(appPage({ server: quirk.mcpUrl, proxy: quirk.proxyPath, proxyMcp: '1' })),
    );
    const log = await commands.corsQuirkProxyLog(quirk.id);
    expect(log.filter((entry) => entry.target === quirk.mcpUrl).length).toBeGreaterThan(2);
    expect(log.filter((entry) => entry.refusal !== undefined)).toEqual([]);
  });
});

describe("the app's proxy and the browser's secret", () => {
  it('a proxy that does not list a host refuses it, and the page says which and why', async () => {
    const quirk = await commands.startCorsQuirkServers('authorization-server');
    const other = await commands.startCorsQuirkServers('token-endpoint');
    // The other kind's proxy lists only its own servers' hosts.
    const id = await commands.openAppPage(appPage({ server: quirk.mcpUrl, proxy: other.proxyPath }));
    await commands.waitForTextInAppPage(id, "proxy_refused: The app's proxy refused the request to");
    expect((await commands.appPageInfo(id)).text).toContain('(host_not_allowed)');
    const refused = (await commands.corsQuirkProxyLog(other.id)).filter(
      (entry) => entry.refusal !== undefined,
    );
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((entry) => entry.refusal === 'host_not_allowed')).toBe(true);
  });

  it('refuses clientSecret at once, before any request, naming oauthProxyUrl and the proxy clients', async () => {
    const { mcp } = await oauthServers();
    const { result } = await mount({
      url: mcp.url,
      clientId: 'pre-registered',
      clientSecret: 'in-the-bundle',
    });
    await expect.poll(() => result().state, READY).toBe('failed');
    expect(result().error?.code).toBe('auth_client_secret_in_browser');
    expect(result().error?.message).toMatch(/oauthProxyUrl/);
    expect(result().error?.message).toMatch(/clients of createProxyHandler/);
    expect(result().error?.message).not.toContain('in-the-bundle');
    expect((await commands.protectedMcpServerStats(mcp.id)).requests).toBe(0);
  });

  it('refuses clientSecret with oauthProxyUrl too: the secret belongs in the proxy', async () => {
    const { mcp } = await oauthServers();
    const { result } = await mount({
      url: mcp.url,
      oauthProxyUrl: '/api/mcp-proxy',
      clientId: 'pre-registered',
      clientSecret: 'in-the-bundle',
    });
    await expect.poll(() => result().error?.code, READY).toBe('auth_client_secret_in_browser');
    expect((await commands.protectedMcpServerStats(mcp.id)).requests).toBe(0);
  });
});
