// Enterprise-Managed Authorization with useMcp in Chromium: the user signs in at the enterprise IdP in the popup
// (the app's callback page redeems the code), then each MCP server's token comes from an ID-JAG without the user.
// Real parts: the IdP (oidc-provider, token exchange), the authorization server that redeems ID-JAGs, and MCP
// servers that check their tokens' audience.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commands } from 'vitest/browser';
import { clearAuthStorage } from './support/authStorage';
import { mount, READY, signIn } from './support/oauthHarness';

const CALLBACK_URL = new URL('/tests/browser/fixtures/callback.html', window.location.origin).href;
const WEB_CLIENT_ID = 'enterprise-client-web';

beforeEach(async () => {
  await clearAuthStorage();
});
afterEach(async () => {
  await commands.closePopups();
  await commands.stopEnterpriseServers();
});
afterAll(async () => {
  await commands.stopEnterpriseServers();
});

describe('Enterprise-Managed Authorization in the browser', () => {
  it('signs in at the IdP in the popup once, then reaches two MCP servers through ID-JAGs', async () => {
    const servers = await commands.startEnterpriseServers({ webRedirectUri: CALLBACK_URL, mcpServers: 2 });
    const [one, two] = servers.mcpUrls as [string, string];
    const enterprise = { issuer: servers.idpIssuer, clientId: WEB_CLIENT_ID };

    const first = await mount({ url: one, enterprise }, 'one');
    await expect.poll(() => first.result().state, READY).toBe('pending_auth');
    // The sign-in is the IdP's, not the MCP server's authorization server's.
    expect(first.result().authUrl).toMatch(new RegExp(`^${servers.idpIssuer}/`));
    await signIn('one');
    await expect.poll(() => first.result().state, READY).toBe('ready');
    expect((await first.result().callTool('whoami', {})).content).toEqual([
      { type: 'text', text: 'enterprise-user' },
    ]);

    const second = await mount({ url: two, enterprise }, 'two');
    await expect.poll(() => second.result().state, READY).toBe('ready');
    expect((await second.result().callTool('whoami', {})).isError).toBeFalsy();

    const stats = await commands.enterpriseStats(servers.id);
    expect(stats.idp.authorizations).toBe(1);
    expect(stats.idp.exchanges).toBe(2);
    expect(stats.as.grants).toBe(2);
  });

  it('an IdP refusing the ID-JAG fails the connection with auth_id_jag_refused', async () => {
    const servers = await commands.startEnterpriseServers({ webRedirectUri: CALLBACK_URL });
    await commands.setIdJagMode(servers.id, 'refuse');
    const enterprise = { issuer: servers.idpIssuer, clientId: WEB_CLIENT_ID };
    const mounted = await mount({ url: servers.mcpUrls[0] as string, enterprise });
    await expect.poll(() => mounted.result().state, READY).toBe('pending_auth');
    await signIn();
    await expect.poll(() => mounted.result().error?.code, READY).toBe('auth_id_jag_refused');
    expect(mounted.result().state).toBe('failed');
  });
});
