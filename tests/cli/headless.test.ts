// The built CLI signing in without a browser on this machine, against a real oidc-provider and an MCP server that
// checks each token's audience: `--device-code` (the test plays the user's other device on oidc-provider's own
// device pages), `--client-credentials` (a secret or a private key), and the CI hand-off — `login`, `logout` and
// `--stored-auth-only`.
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  answerDeviceCode,
  registerMachineClient,
  type RunningAuthServer,
  type RunningOAuthMcpServer,
  startAuthServer,
  startOAuthMcpServer,
} from '../support/oauthServers';
import { type CliResult, lines, runCli, startCli, tempHome } from './support/cli';

const CODE_LINE = /open (http:\/\/127\.0\.0\.1:\d+\/device) and enter the code: ([A-Z]{4}-[A-Z]{4})/;

let authServer: RunningAuthServer;
let mcpServer: RunningOAuthMcpServer;
const { home, cleanup } = tempHome();

beforeAll(async () => {
  authServer = await startAuthServer({ deviceInterval: 1 });
  mcpServer = await startOAuthMcpServer({ issuer: authServer.issuer });
});

afterAll(async () => {
  await Promise.all([mcpServer?.stop(), authServer?.stop()]);
  cleanup();
});

/** Runs a CLI command that shows a device code, and answers it as the user on another device would. */
async function withDeviceCode(
  args: string[],
  answer: 'approve' | 'deny' = 'approve',
): Promise<{ result: CliResult; page: number }> {
  const cli = startCli(args, home);
  const [, verificationUri, userCode] = await cli.waitForStderr(CODE_LINE);
  const page = await answerDeviceCode(verificationUri as string, userCode as string, answer);
  return { result: await cli.result, page };
}

describe('--device-code', () => {
  it('connects after the user entered the shown code on another device; later commands use the saved tokens', async () => {
    const { result, page } = await withDeviceCode([
      'client',
      'connect',
      mcpServer.url,
      '--name',
      'remote',
      '--device-code',
    ]);
    expect(page).toBe(200);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('Signing in to remote with a device code.');
    expect(result.stderr).toMatch(/\(or open http:\/\/127\.0\.0\.1:\d+\/device\?user_code=/);
    expect(result.stderr).toContain('Connected remote');
    const whoami = await runCli(['client', 'tools', 'call', 'whoami', '--session', 'remote'], home);
    expect(whoami.code, whoami.stderr).toBe(0);
    expect(whoami.stdout.trim()).toBe('test-user');
  });

  it('--device-code=auto: a device code because no browser can be opened here, and the output says so', async () => {
    const { result } = await withDeviceCode([
      'client',
      'connect',
      mcpServer.url,
      '--name',
      'auto',
      '--device-code=auto',
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(
      'No browser can be opened here, so signing in to auto with a device code.',
    );
  });

  it('a refused device sign-in exits 1 with one error line', async () => {
    const { result } = await withDeviceCode(
      ['client', 'connect', mcpServer.url, '--name', 'denied', '--device-code'],
      'deny',
    );
    expect(result.code).toBe(1);
    expect(lines(result.stderr).at(-1)).toBe(
      'error: The device sign-in was refused at the authorization server (access_denied)',
    );
  });
});

describe('--client-credentials', () => {
  it('connects with a client secret from the environment, and calls with a token for this server', async () => {
    const { clientId, clientSecret } = await registerMachineClient(authServer.issuer, {
      method: 'client_secret_basic',
    });
    const env = { CI_BOT_SECRET: clientSecret as string };
    const args = [
      'client',
      'connect',
      mcpServer.url,
      '--name',
      'bot',
      '--client-credentials',
      '--client-id',
      clientId,
    ];
    const result = await runCli([...args, '--client-secret-env', 'CI_BOT_SECRET'], home, { env });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).not.toContain(clientSecret);
    const whoami = await runCli(
      ['client', 'tools', 'call', 'whoami', '--session', 'bot', '--stored-auth-only'],
      home,
    );
    expect(whoami.code, whoami.stderr).toBe(0);
    expect(whoami.stdout.trim()).toBe(clientId);
  });

  it('connects with --private-key (private_key_jwt); a key the server does not know exits 1', async () => {
    const registered = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const { clientId } = await registerMachineClient(authServer.issuer, {
      method: 'private_key_jwt',
      publicJwk: { ...registered.publicKey.export({ format: 'jwk' }), alg: 'RS256' },
    });
    const keyFile = join(home, 'bot-key.pem');
    writeFileSync(keyFile, registered.privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
    const args = ['client', 'connect', mcpServer.url, '--client-credentials', '--client-id', clientId];
    const ok = await runCli([...args, '--name', 'keyed', '--private-key', keyFile], home);
    expect(ok.code, ok.stderr).toBe(0);
    // The key is read at use and never shown, not even in --debug lines; only its path is saved.
    const debug = await runCli(['client', 'tools', 'list', '--session', 'keyed', '--debug'], home);
    expect(debug.code, debug.stderr).toBe(0);
    const pem = registered.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const body = pem.split('\n')[1] as string;
    expect(debug.stderr).not.toContain('PRIVATE KEY');
    expect(debug.stderr).not.toContain(body);
    expect(readFileSync(join(home, '.mcp-use', 'cli-sessions.json'), 'utf8')).not.toContain(body);

    const otherFile = join(home, 'other-key.pem');
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
    writeFileSync(otherFile, other.privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
    const wrong = await runCli([...args, '--name', 'wrong-key', '--private-key', otherFile], home);
    expect(wrong.code).toBe(1);
    expect(lines(wrong.stderr).at(-1)).toMatch(
      /^error: The client credentials grant failed \(invalid_client\)/,
    );
  });

  it('a wrong secret exits 1 naming the OAuth error, never the secret', async () => {
    const { clientId } = await registerMachineClient(authServer.issuer, { method: 'client_secret_post' });
    const result = await runCli(
      [
        'client',
        'connect',
        mcpServer.url,
        '--name',
        'bad',
        '--client-credentials',
        '--client-id',
        clientId,
        '--client-secret-env',
        'BAD',
      ],
      home,
      { env: { BAD: 'not-the-secret' } },
    );
    expect(result.code).toBe(1);
    expect(lines(result.stderr)).toEqual(['error: The client credentials grant failed (invalid_client)']);
  });

  it('usage errors: no client id, no secret or key, a key without --client-credentials (exit 2)', async () => {
    const base = ['client', 'connect', mcpServer.url];
    const noId = await runCli([...base, '--client-credentials', '--client-secret-env', 'X'], home, {
      env: { X: 'x' },
    });
    expect([noId.code, lines(noId.stderr)]).toEqual([
      2,
      ['error: --client-credentials needs the pre-registered client: --client-id <id>'],
    ]);
    const noSecret = await runCli([...base, '--client-credentials', '--client-id', 'a'], home);
    expect(noSecret.code).toBe(2);
    const keyAlone = await runCli([...base, '--private-key', 'key.pem'], home);
    expect([keyAlone.code, lines(keyAlone.stderr)]).toEqual([
      2,
      ['error: --private-key goes with --client-credentials'],
    ]);
  });
});

describe('the CI hand-off: login, logout, --stored-auth-only', () => {
  it('logout forgets the tokens and keeps the session; --stored-auth-only then exits 1 naming the command that signs in', async () => {
    const out = await runCli(['client', 'logout', 'remote'], home);
    expect(out.code, out.stderr).toBe(0);
    expect(lines(out.stderr)).toEqual([
      'Signed out of remote; the session is kept (mcp-use client login remote signs in again).',
    ]);
    const again = await runCli(['client', 'logout', 'remote'], home);
    expect(lines(again.stderr)).toEqual(['remote was not signed in.']);

    const ci = await runCli(['client', 'tools', 'list', '--session', 'remote', '--stored-auth-only'], home);
    expect(ci.code).toBe(1);
    expect(lines(ci.stderr)).toEqual([
      'error: remote needs a new sign-in: it has no saved sign-in. Sign in again at a terminal with: mcp-use client login remote',
    ]);
    expect(ci.stderr).not.toMatch(CODE_LINE); // no sign-in was started
  });

  it('login signs the session in afresh the way it was saved (a device code), and CI runs on the saved tokens', async () => {
    const { result } = await withDeviceCode(['client', 'login', 'remote']);
    expect(result.code, result.stderr).toBe(0);
    expect(lines(result.stderr).at(-1)).toBe('Signed in to remote.');
    const ci = await runCli(
      ['client', 'tools', 'call', 'whoami', '--session', 'remote', '--stored-auth-only'],
      home,
    );
    expect(ci.code, ci.stderr).toBe(0);
    expect(ci.stdout.trim()).toBe('test-user');
  });

  it('login of a session without OAuth, or of an unknown one, is a usage error', async () => {
    const local = await runCli(
      ['client', 'connect', '--stdio', 'node tests/fixtures/stdio-server.mjs', '--name', 'local'],
      home,
    );
    expect(local.code, local.stderr).toBe(0);
    const noOAuth = await runCli(['client', 'login', 'local'], home);
    expect([noOAuth.code, lines(noOAuth.stderr)]).toEqual([
      2,
      ['error: local is a --stdio session, not OAuth: there is nothing to sign in to'],
    ]);
    expect((await runCli(['client', 'logout', 'nope'], home)).code).toBe(2);
  });
});
