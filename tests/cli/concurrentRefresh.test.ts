// Ten CLI commands of one saved session started at the same moment once its access token has expired (their
// clocks moved ahead: support/clockAhead.mjs), against an authorization server whose refresh tokens rotate and
// whose grants are revoked when a spent refresh token comes back: one refresh between them, through the lock
// file beside the sessions file, and every command succeeds.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freePort, signInWithBrowser } from '../fixtures/loopbackSignIn';
import {
  type RunningAuthServer,
  type RunningOAuthMcpServer,
  startAuthServer,
  startOAuthMcpServer,
} from '../support/oauthServers';
import { runCli, startCli, tempHome } from './support/cli';

const ACCESS_TTL_S = 600;
const COMMANDS = 10;
const URL_LINE = /^ {2}(http:\/\/127\.0\.0\.1:\d+\/auth\?\S+)$/m;

let authServer: RunningAuthServer;
let mcpServer: RunningOAuthMcpServer;
const { home, cleanup } = tempHome();

beforeAll(async () => {
  authServer = await startAuthServer({ accessTtl: ACCESS_TTL_S });
  mcpServer = await startOAuthMcpServer({ issuer: authServer.issuer });
});

afterAll(async () => {
  await Promise.all([mcpServer?.stop(), authServer?.stop()]);
  cleanup();
});

it(`${COMMANDS} commands of one session started at once after expiry refresh once and all succeed`, async () => {
  const port = await freePort();
  const cli = startCli(
    ['client', 'connect', mcpServer.url, '--name', 'team', '--callback-port', String(port)],
    home,
  );
  const [, authorizationUrl] = await cli.waitForStderr(URL_LINE);
  await signInWithBrowser(authorizationUrl as string, `http://127.0.0.1:${port}/callback`);
  expect((await cli.result).code).toBe(0);

  const before = await authServer.stats();
  const clockAheadMs = (ACCESS_TTL_S + 5) * 1000;
  const results = await Promise.all(
    Array.from({ length: COMMANDS }, () =>
      runCli(['client', 'tools', 'call', 'whoami'], home, { clockAheadMs }),
    ),
  );
  for (const result of results) {
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('test-user\n');
  }
  const after = await authServer.stats();
  const refreshes =
    (after.tokenRequests.byGrantType.refresh_token ?? 0) -
    (before.tokenRequests.byGrantType.refresh_token ?? 0);
  expect(refreshes).toBe(1);
  expect(after.refreshReuse - before.refreshReuse).toBe(0);
  expect(after.grantsRevoked - before.grantsRevoked).toBe(0);
  expect(readdirSync(join(home, '.mcp-use')).filter((name) => name.endsWith('.lock'))).toEqual([]);
}, 180_000);
