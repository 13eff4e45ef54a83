// Several accounts on one server in the browser (`useMcp({ account })`): two hooks for the same server URL sign
// in as two users of the real authorization server (oidc-provider), each sends only its own account's token,
// and logging out of one leaves the other signed in. An account name that cannot be used fails with a message
// saying what to change.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commands } from 'vitest/browser';
import { clearAuthStorage } from './support/authStorage';
import { mount, oauthServers, READY, signIn } from './support/oauthHarness';

beforeEach(async () => {
  await clearAuthStorage();
});
afterEach(async () => {
  await commands.closePopups();
  await commands.stopOAuthServers();
});
afterAll(async () => {
  await commands.stopOAuthServers();
});

const text = (result: { content: unknown }) => (result.content as { text: string }[])[0]?.text;

describe('several accounts on one server', () => {
  it('signs two accounts in as two users; logging out of one leaves the other', async () => {
    const { as, mcp } = await oauthServers();
    const work = await mount({ url: mcp.url, account: 'work' }, 'work');
    const personal = await mount({ url: mcp.url, account: 'personal' }, 'personal');
    await expect
      .poll(() => [work.result().state, personal.result().state], READY)
      .toEqual(['pending_auth', 'pending_auth']);

    await commands.setAuthServerSubject(as.id, 'alice');
    await signIn('work');
    await expect.poll(() => work.result().state, READY).toBe('ready');
    // Signed in as the work account: the personal one still has no token of its own.
    expect(personal.result().state).toBe('pending_auth');
    await commands.setAuthServerSubject(as.id, 'bob');
    await signIn('personal');
    await expect.poll(() => personal.result().state, READY).toBe('ready');

    expect(text(await work.result().callTool('whoami', {}))).toBe('alice');
    expect(text(await personal.result().callTool('whoami', {}))).toBe('bob');
    // Two accounts, two client registrations and two sign-ins.
    expect(await commands.authServerStats(as.id)).toMatchObject({ registrations: 2, authorizations: 2 });

    await work.result().logout();
    expect(work.result().state).toBe('disconnected');
    expect(personal.result().state).toBe('ready');
    expect(text(await personal.result().callTool('whoami', {}))).toBe('bob');
    await work.screen.unmount();
    await personal.screen.unmount();

    // What a reload gives: the personal account connects with its stored tokens, the work one asks to sign in.
    const personalAgain = await mount({ url: mcp.url, account: 'personal' }, 'personal');
    const workAgain = await mount({ url: mcp.url, account: 'work' }, 'work');
    await expect.poll(() => personalAgain.result().state, READY).toBe('ready');
    await expect.poll(() => workAgain.result().state, READY).toBe('pending_auth');
    expect(text(await personalAgain.result().callTool('whoami', {}))).toBe('bob');
  });

  it('fails with a message saying what to change for an account name it cannot use', async () => {
    const { mcp } = await oauthServers();
    const { result } = await mount({ url: mcp.url, account: 'work/personal' });
    await expect.poll(() => result().state, READY).toBe('failed');
    expect(result().error).toMatchObject({ code: 'invalid_config', field: 'account' });
    expect(result().error?.message).toContain(
      'account "work/personal" is not a usable account name: use 1 to 64 characters',
    );
  });
});
