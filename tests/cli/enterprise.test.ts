// The built CLI with Enterprise-Managed Authorization (`--idp ISSUER --idp-client-id ID`) against real parts: an
// enterprise IdP minting ID-JAGs, the authorization server that redeems them, and two MCP servers that check their
// tokens' audience. The test plays the user for the one IdP sign-in the first `connect` asks for.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freePort, signInWithBrowser } from '../fixtures/loopbackSignIn';
import { ENTERPRISE_CLIENT_ID, type Enterprise, startEnterprise } from '../support/enterpriseServers';
import type { RunningOAuthMcpServer } from '../support/oauthServers';
import { runCli, startCli, tempHome } from './support/cli';

const URL_LINE = /^ {2}(http:\/\/127\.0\.0\.1:\d+\/auth\?\S+)$/m;

let enterprise: Enterprise;
let port: number;
const { home, cleanup } = tempHome();

beforeAll(async () => {
  enterprise = await startEnterprise({ mcpServers: 2 });
  port = await freePort();
}, 60_000);

afterEach(async () => {
  await enterprise.idp.setIdJagMode('ok');
});

afterAll(async () => {
  await enterprise?.stop();
  cleanup();
});

const connect = (url: string, name: string) => [
  'client',
  'connect',
  url,
  '--name',
  name,
  '--callback-port',
  String(port),
  '--idp',
  enterprise.idp.issuer,
  '--idp-client-id',
  ENTERPRISE_CLIENT_ID,
];

describe('Enterprise-Managed Authorization from the CLI', () => {
  it('signs in once at the IdP for two MCP servers, each with its own token', async () => {
    const [one, two] = enterprise.mcpServers as [RunningOAuthMcpServer, RunningOAuthMcpServer];
    const cli = startCli(connect(one.url, 'one'), home);
    const [, authorizationUrl] = await cli.waitForStderr(URL_LINE);
    expect(new URL(authorizationUrl as string).origin).toBe(enterprise.idp.issuer);
    const page = await signInWithBrowser(authorizationUrl as string, `http://127.0.0.1:${port}/callback`);
    const first = await cli.result;
    expect(first.code, first.stderr).toBe(0);
    expect(page.status).toBe(200);

    const second = await runCli(connect(two.url, 'two'), home);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).not.toContain('sign in');

    for (const session of ['one', 'two']) {
      const whoami = await runCli(['client', 'tools', 'call', 'whoami', '--session', session], home);
      expect(whoami.code, whoami.stderr).toBe(0);
      expect(whoami.stdout).toBe('enterprise-user\n');
    }
    expect((await enterprise.idp.stats()).authorizations).toBe(1);

    // The IdP sign-in sits beside the sessions, owner-only; each session keeps only its own server's token.
    const signIns = join(home, '.mcp-use', 'enterprise-sign-ins.json');
    expect(statSync(signIns).mode & 0o777).toBe(0o600);
    expect(readFileSync(signIns, 'utf8')).toContain('idToken');
    expect(readFileSync(join(home, '.mcp-use', 'cli-sessions.json'), 'utf8')).not.toContain('idToken');
  });

  it('an IdP refusing the ID-JAG ends connect with a message naming the IdP', async () => {
    await enterprise.idp.setIdJagMode('refuse');
    const result = await runCli(connect((enterprise.mcpServers[1] as { url: string }).url, 'refused'), home);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(`The identity provider ${enterprise.idp.issuer} refused an ID-JAG`);
    expect(result.stderr).not.toContain('sign in');
  });

  it('an ID-JAG the authorization server rejects ends connect with its reason', async () => {
    await enterprise.idp.setIdJagMode('wrong-audience');
    const result = await runCli(connect((enterprise.mcpServers[1] as { url: string }).url, 'rejected'), home);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(
      `The authorization server ${enterprise.authorizationServer.issuer} rejected the ID-JAG`,
    );
    expect(result.stderr).toContain('aud');
  });

  it('--idp needs --idp-client-id', async () => {
    const result = await runCli(
      ['client', 'connect', 'http://127.0.0.1:1/mcp', '--idp', enterprise.idp.issuer],
      home,
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--idp and --idp-client-id go together');
  });
});
