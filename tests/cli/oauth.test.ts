// The built CLI signing in with OAuth against the real authorization server (oidc-provider, auto-consent) and the
// real OAuth-protected MCP server. The test plays the user: it reads the authorization URL the CLI prints on
// stderr, follows it through consent to the loopback callback, and loads that callback page. Time passing between
// commands is played too: later commands run with their clock moved ahead (support/clockAhead.mjs).
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, occupyPort, signInWithBrowser } from '../fixtures/loopbackSignIn';
import {
  type RunningAuthServer,
  type RunningOAuthMcpServer,
  startAuthServer,
  startOAuthMcpServer,
} from '../support/oauthServers';
import { type CliResult, lines, runCli, startCli, tempHome } from './support/cli';

/** Seconds an access token lives: long enough that none really expires while the tests run on a busy machine. */
const ACCESS_TTL_S = 20;
const URL_LINE = /^ {2}(http:\/\/127\.0\.0\.1:\d+\/auth\?\S+)$/m;

let authServer: RunningAuthServer;
let mcpServer: RunningOAuthMcpServer;
const { home, cleanup } = tempHome();
const sessionsFile = join(home, '.mcp-use', 'cli-sessions.json');

beforeAll(async () => {
  authServer = await startAuthServer({ accessTtl: ACCESS_TTL_S });
  mcpServer = await startOAuthMcpServer({ issuer: authServer.issuer });
});

afterAll(async () => {
  await Promise.all([mcpServer?.stop(), authServer?.stop()]);
  cleanup();
});

/**
 * How far ahead of real time the CLI's clock runs. It only ever moves forward, so the tokens one command saves
 * are never younger, to the next command, than they really are.
 */
let clockAheadMs = 0;
const letTimePass = (ms: number) => {
  clockAheadMs += ms;
};
/** Runs a command in the signed-in HOME at the current point of the played time. */
const run = (args: string[]) => runCli(args, home, { clockAheadMs });

async function grants(): Promise<Record<string, number>> {
  return (await authServer.stats()).tokenRequests.byGrantType;
}

/** Runs a CLI command that will ask the user to sign in, and signs in as the user would. */
async function withSignIn(
  args: string[],
  callbackPort: number,
): Promise<{ result: CliResult; page: number }> {
  const cli = startCli(args, home, { clockAheadMs });
  const [, authorizationUrl] = await cli.waitForStderr(URL_LINE);
  const page = await signInWithBrowser(
    authorizationUrl as string,
    `http://127.0.0.1:${callbackPort}/callback`,
  );
  return { result: await cli.result, page: page.status };
}

describe('OAuth sign-in from the CLI', () => {
  let port: number;

  it('connect signs in through the printed URL and the loopback callback', async () => {
    port = await freePort();
    const before = await grants();
    const { result, page } = await withSignIn(
      ['client', 'connect', mcpServer.url, '--name', 'linear', '--callback-port', String(port)],
      port,
    );
    expect(result.code, result.stderr).toBe(0);
    expect(page).toBe(200);
    expect(result.stderr).toContain('To sign in to linear, open this URL in your browser:');
    expect(result.stderr).toContain(
      `Waiting for the sign-in to come back to http://127.0.0.1:${port}/callback`,
    );
    expect(result.stderr).toContain('linear is the active session.');
    // PKCE, state, resource and redirect as the engine builds them.
    const url = new URL((result.stderr.match(URL_LINE) as RegExpMatchArray)[1] as string);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('state')).toBeTruthy();
    expect(url.searchParams.get('resource')).toBe(mcpServer.url);
    expect(url.searchParams.get('redirect_uri')).toBe(`http://127.0.0.1:${port}/callback`);
    expect((await grants()).authorization_code ?? 0).toBe((before.authorization_code ?? 0) + 1);

    // The tokens are saved with the session, owner-only, and never listed.
    expect(statSync(sessionsFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(sessionsFile, 'utf8')).toContain('accessToken');
    const list = await run(['client', 'sessions', 'list']);
    expect(list.stdout).toMatch(/^\*\s+linear\s+http\s+oauth\s+/m);
    expect(list.stdout).not.toMatch(/eyJ/); // no JWT (the access tokens are JWTs)
  });

  it('later commands reuse the token, then refresh it, without signing in again', async () => {
    const before = await grants();
    const whoami = await run(['client', 'tools', 'call', 'whoami']);
    expect(whoami.code, whoami.stderr).toBe(0);
    expect(whoami.stdout).toBe('test-user\n');
    expect(whoami.stderr).not.toContain('sign in');

    // Past half the token's lifetime the next command refreshes it first (and saves the rotated refresh token).
    letTimePass((ACCESS_TTL_S * 1000) / 2 + 200);
    const echo = await run(['client', 'tools', 'call', 'echo', '{"text":"still signed in"}']);
    expect(echo.code, echo.stderr).toBe(0);
    expect(echo.stdout).toBe('still signed in\n');
    expect(echo.stderr).not.toContain('sign in');

    letTimePass((ACCESS_TTL_S * 1000) / 2 + 200);
    const again = await run(['client', 'tools', 'list']);
    expect(again.code, again.stderr).toBe(0);

    const after = await grants();
    expect(after.authorization_code ?? 0).toBe(before.authorization_code ?? 0);
    expect((after.refresh_token ?? 0) - (before.refresh_token ?? 0)).toBeGreaterThanOrEqual(2);
  });

  it('a script whose refresh token is refused exits 1 naming the session and the command that signs in', async () => {
    await authServer.revokeAllRefreshTokens();
    letTimePass(ACCESS_TTL_S * 1000 + 200);
    const before = await grants();
    const result = await run(['client', 'tools', 'call', 'whoami']);
    expect(result.code, result.stderr).toBe(1);
    expect(lines(result.stderr)).toEqual([
      `error: linear needs a new sign-in: its authorization server no longer accepts the saved sign-in (revoked or expired), so it was removed. Sign in again at a terminal with: mcp-use client login linear`,
    ]);
    expect(result.stderr).not.toMatch(URL_LINE); // nobody was sent to sign in
    // One refresh request, refused; the tokens are gone, so the next command does not try again.
    const after = await grants();
    expect((after.refresh_token ?? 0) - (before.refresh_token ?? 0)).toBe(1);
    expect(readFileSync(sessionsFile, 'utf8')).not.toContain('refreshToken');
    const again = await run(['client', 'tools', 'call', 'whoami']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('linear needs a new sign-in: it has no saved sign-in.');
    expect(((await grants()).refresh_token ?? 0) - (before.refresh_token ?? 0)).toBe(1);
  });

  it('the command it names signs in again, once, and later commands need no sign-in', async () => {
    const before = await grants();
    const { result, page } = await withSignIn(
      ['client', 'connect', mcpServer.url, '--name', 'linear', '--callback-port', String(port)],
      port,
    );
    expect(result.code, result.stderr).toBe(0);
    expect(page).toBe(200);
    expect((await grants()).authorization_code ?? 0).toBe((before.authorization_code ?? 0) + 1);
    const next = await run(['client', 'tools', 'call', 'whoami']);
    expect(next.code, next.stderr).toBe(0);
    expect(next.stdout).toBe('test-user\n');
    expect(next.stderr).not.toContain('sign in');
  });

  it('disconnect signs out (revokes) and removes the tokens with the session', async () => {
    const revocations = (await authServer.stats()).revocations;
    const result = await run(['client', 'disconnect', 'linear']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('Disconnected linear (signed out).');
    expect((await authServer.stats()).revocations).toBeGreaterThan(revocations);
    expect(readFileSync(sessionsFile, 'utf8')).not.toContain('accessToken');
  });
});

describe('a busy callback port', () => {
  const other = tempHome();
  afterAll(other.cleanup);

  /** One line, exit 1, naming the port and --callback-port; nobody was sent to sign in. */
  function expectPortMessage(result: CliResult, port: number): void {
    expect(result.code, result.stderr).toBe(1);
    expect(lines(result.stderr)).toHaveLength(1);
    expect(result.stderr).toContain(`Port ${port} on 127.0.0.1 is in use`);
    expect(result.stderr).toContain('--callback-port');
    expect(result.stderr).not.toMatch(URL_LINE);
  }

  it('is reported before the user is sent to sign in, naming --callback-port', async () => {
    const port = await freePort();
    const busy = await occupyPort(port);
    try {
      const result = await runCli(
        ['client', 'connect', mcpServer.url, '--name', 'busy', '--callback-port', String(port)],
        other.home,
      );
      expectPortMessage(result, port);
    } finally {
      await busy.release();
    }
  });

  it('is reported for the default port 8080 too', async () => {
    const busy = await occupyPort(8080); // if something else holds 8080 already, it is just as busy
    try {
      const result = await runCli(['client', 'connect', mcpServer.url, '--name', 'busy'], other.home);
      expectPortMessage(result, 8080);
    } finally {
      await busy.release();
    }
  });
});
