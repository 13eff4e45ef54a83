// The gallery in Chromium, `useMcp` from React: servers whose client registration needs a setting — GitHub (no DCR:
// the missing-setting error here; its confidential client signs in through the app's backend in
// ./confidential.test.tsx), Slack (one exact redirect URI), Figma (allow-listed client names) and Atlassian (no loopback
// redirect URIs at DCR — the test page is on 127.0.0.1, as a local app would be — but metadata documents).
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commands } from 'vitest/browser';
import { clearAuthStorage } from '../../browser/support/authStorage';
import { mount, READY, signIn } from '../../browser/support/oauthHarness';
import { FIGMA_CLIENT_NAME } from '../support/kinds';
import { CALLBACK_URL, firstText, startKindInBrowser } from './harness';

beforeEach(clearAuthStorage);
afterEach(async () => {
  await commands.closePopups();
  await commands.stopOAuthServers();
});
afterAll(() => commands.stopOAuthServers());

describe('GitHub-like in the browser', () => {
  it('without clientId: failed, with the error that names clientId', async () => {
    const { mcp } = await startKindInBrowser('github');
    const { result } = await mount({ url: mcp.url });
    await expect.poll(() => result().state, READY).toBe('failed');
    expect(result().error).toMatchObject({ code: 'auth_client_id_required' });
    expect(result().error?.message).toContain('`clientId` (useMcp)');
  });
});

describe('Slack-like in the browser: one exact redirect URI', () => {
  it('with another callbackUrl than the one registered: failed before any popup, naming callbackUrl', async () => {
    const { mcp } = await startKindInBrowser('slack');
    const { result } = await mount({
      url: mcp.url,
      clientId: 'slack-app',
      callbackUrl: `${window.location.origin}/callback`,
    });
    await expect.poll(() => result().state, READY).toBe('failed');
    expect(result().error).toMatchObject({ code: 'auth_redirect_uri_refused', where: 'authorization' });
    expect(result().error?.message).toContain('`callbackUrl` (useMcp)');
    expect(await commands.openPopupCount()).toBe(0);
  });

  it('with clientId and the registered callbackUrl: signs in through the popup', async () => {
    const { mcp } = await startKindInBrowser('slack');
    const { result } = await mount({ url: mcp.url, clientId: 'slack-app', callbackUrl: CALLBACK_URL });
    await expect.poll(() => result().state, READY).toBe('pending_auth');
    await signIn();
    await expect.poll(() => result().state, READY).toBe('ready');
    expect(firstText(await result().callTool('whoami', {}))).toBe('test-user');
  });
});

describe('Figma-like in the browser: allow-listed client names', () => {
  it('with the default name: failed, naming clientName; with an allowed clientName: signs in', async () => {
    const { mcp } = await startKindInBrowser('figma');
    const refused = await mount({ url: mcp.url }, 'refused');
    await expect.poll(() => refused.result().state, READY).toBe('failed');
    expect(refused.result().error).toMatchObject({ code: 'auth_registration_failed', status: 403 });
    expect(refused.result().error?.message).toContain('`clientName` (useMcp)');

    const allowed = await mount({ url: mcp.url, clientName: FIGMA_CLIENT_NAME }, 'allowed');
    await expect.poll(() => allowed.result().state, READY).toBe('pending_auth');
    await signIn('allowed');
    await expect.poll(() => allowed.result().state, READY).toBe('ready');
  });
});

describe('Atlassian-like in the browser: metadata documents instead of loopback DCR', () => {
  it('DCR from a loopback page: failed, naming clientMetadataUrl; with a metadata document: signs in', async () => {
    const { mcp } = await startKindInBrowser('atlassian');
    const refused = await mount({ url: mcp.url }, 'refused');
    await expect.poll(() => refused.result().state, READY).toBe('failed');
    expect(refused.result().error).toMatchObject({
      code: 'auth_redirect_uri_refused',
      where: 'registration',
    });
    expect(refused.result().error?.message).toContain('`clientMetadataUrl` (useMcp)');

    const clientMetadataUrl = await commands.publishClientMetadata('atlassian-web', [CALLBACK_URL]);
    const withDocument = await mount({ url: mcp.url, clientMetadataUrl }, 'document');
    await expect.poll(() => withDocument.result().state, READY).toBe('pending_auth');
    expect(new URL(withDocument.result().authUrl!).searchParams.get('client_id')).toBe(clientMetadataUrl);
    await signIn('document');
    await expect.poll(() => withDocument.result().state, READY).toBe('ready');
  });
});
