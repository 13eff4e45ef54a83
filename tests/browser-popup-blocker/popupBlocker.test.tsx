// Runs in a Chromium whose popup blocker is ON (Playwright turns it off by default): see vite.config.ts.
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { commands } from 'vitest/browser';
import { clearAuthStorage } from '../browser/support/authStorage';
import { mount, oauthServers, READY, signIn } from '../browser/support/oauthHarness';

beforeEach(async () => {
  await clearAuthStorage();
});
afterEach(async () => {
  await commands.closePopups();
  await commands.stopOAuthServers();
});

// Without a Chromium that has a popup blocker (the npm headless shell has none) these are reported as skipped.
describe.skipIf(!inject('popupBlocker'))('with the browser popup blocker on', () => {
  it('auto sign-in without a user gesture ends in pending_auth with a popup-blocked error and the URL', async () => {
    const { mcp } = await oauthServers();
    const { result } = await mount({ url: mcp.url, preventAutoAuth: false });
    await expect
      .poll(() => [result().state, result().error?.code], READY)
      .toEqual(['pending_auth', 'auth_popup_blocked']);
    expect(result().state).toBe('pending_auth');
    expect(result().authUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    expect(await commands.openPopupCount()).toBe(0);
  });

  it('authenticate() from a click opens the popup and signs in', async () => {
    const { mcp } = await oauthServers();
    const { result } = await mount({ url: mcp.url });
    await expect.poll(() => result().state, READY).toBe('pending_auth');
    await signIn();
    await expect.poll(() => result().state, READY).toBe('ready');
    expect(result().error).toBeUndefined();
  });
});
