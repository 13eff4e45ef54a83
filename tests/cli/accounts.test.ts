// Several accounts on one server from the built CLI (`connect --account NAME`): two sessions for the same URL
// sign in as two users of the real authorization server (oidc-provider), each command sends its own session's
// token, `sessions list` shows the account, and disconnecting one leaves the other signed in.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, signInWithBrowser } from '../fixtures/loopbackSignIn';
import {
  type RunningAuthServer,
  type RunningOAuthMcpServer,
  startAuthServer,
  startOAuthMcpServer,
} from '../support/oauthServers';
import { runCli, startCli, tempHome } from './support/cli';

const URL_LINE = /^ {2}(http:\/\/127\.0\.0\.1:\d+\/auth\?\S+)$/m;

let authServer: RunningAuthServer;
let mcpServer: RunningOAuthMcpServer;
let port: number;
const { home, cleanup } = tempHome();
const sessionsFile = join(home, '.mcp-use', 'cli-sessions.json');

beforeAll(async () => {
  authServer = await startAuthServer();
  mcpServer = await startOAuthMcpServer({ issuer: authServer.issuer });
  port = await freePort();
});

afterAll(async () => {
  await Promise.all([mcpServer?.stop(), authServer?.stop()]);
  cleanup();
});

const run = (args: string[]) => runCli(args, home);

/** `connect --account <account>`, signing in in the browser as `subject`. */
async function connectAs(account: string, subject: string) {
  await authServer.setSubject(subject);
  const cli = startCli(
    ['client', 'connect', mcpServer.url, '--account', account, '--callback-port', String(port)],
    home,
  );
  const [, authorizationUrl] = await cli.waitForStderr(URL_LINE);
  await signInWithBrowser(authorizationUrl as string, `http://127.0.0.1:${port}/callback`);
  return cli.result;
}

describe('several accounts on one server from the CLI', () => {
  // Derived from the server's address and the account, once the server is up.
  let workName = '';
  let personalName = '';

  it('connect --account signs each account in as its own user, in a session of its own', async () => {
    const serverPort = new URL(mcpServer.url).port;
    workName = `127.0.0.1-${serverPort}-work`;
    personalName = `127.0.0.1-${serverPort}-personal`;
    const first = await connectAs('work', 'alice');
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain(`To sign in to ${workName} with your account "work", open this URL`);
    expect(first.stderr).toContain(`Connected ${workName}:`);
    const second = await connectAs('personal', 'bob');
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toContain(`Connected ${personalName}:`);

    const asWork = await run(['client', 'tools', 'call', 'whoami', '--session', workName]);
    expect(asWork.code, asWork.stderr).toBe(0);
    expect(asWork.stdout).toBe('alice\n');
    const asPersonal = await run(['client', 'tools', 'call', 'whoami', '--session', personalName]);
    expect(asPersonal.stdout).toBe('bob\n');

    // Each session holds only its own account's tokens, under keys that name the account.
    const sessions = JSON.parse(readFileSync(sessionsFile, 'utf8')).sessions;
    const tokenKeys = (name: string) =>
      Object.keys(sessions[name].oauth.store).filter((key) => key.includes(':tokens:'));
    expect(tokenKeys(workName)).toEqual([expect.stringMatching(/"work"\]$/)]);
    expect(tokenKeys(personalName)).toEqual([expect.stringMatching(/"personal"\]$/)]);
    expect(sessions[workName].oauth.account).toBe('work');
  });

  it('sessions list shows the account of each session', async () => {
    const list = await run(['client', 'sessions', 'list']);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/NAME\s+TRANSPORT\s+AUTH\s+ACCOUNT\s+TARGET/);
    expect(list.stdout).toMatch(new RegExp(`${workName}\\s+http\\s+oauth\\s+work\\s+http://`));
    expect(list.stdout).toMatch(new RegExp(`${personalName}\\s+http\\s+oauth\\s+personal\\s+http://`));
    const json = JSON.parse((await run(['client', 'sessions', 'list', '--json'])).stdout);
    expect(json.map((session: { account?: string }) => session.account)).toEqual(['work', 'personal']);
  });

  it('disconnecting one account leaves the other signed in', async () => {
    const gone = await run(['client', 'disconnect', workName]);
    expect(gone.code, gone.stderr).toBe(0);
    const still = await run(['client', 'tools', 'call', 'whoami', '--session', personalName]);
    expect(still.code, still.stderr).toBe(0);
    expect(still.stdout).toBe('bob\n');
    expect(still.stderr).not.toContain('sign in');
  });

  it('refuses an unusable account name before doing anything, saying what to change', async () => {
    const result = await run(['client', 'connect', mcpServer.url, '--account', 'my work']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(
      '--account "my work" is not a usable account name: use 1 to 64 characters (letters, digits and . _ - @ +)',
    );
    const withToken = await run(['client', 'connect', mcpServer.url, '--account', 'work', '--auth', 'x']);
    expect(withToken.stderr).toContain('do not go with --auth');
  });
});
