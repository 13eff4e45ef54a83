// Refresh across real processes against a real authorization server whose refresh tokens rotate on every use
// and whose grants are revoked when a spent refresh token comes back (oidc-provider 9, RFC 9700 §4.14.2): many
// MCPClient processes sharing one token file, each calling a tool at the same moment once the access token has
// expired, refresh once between them and keep the grant; a refused refresh ends in one sign-in; an
// authorization server that is down for a while costs retries, never the refresh token.
//
// Time passing is played: the workers run with their clocks moved ahead (tests/cli/support/clockAhead.mjs), so
// the stored access token is expired to each of them; the servers keep real time.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFileStore } from '../../../src/node/index';
import { freePort } from '../../fixtures/loopbackSignIn';
import {
  type RunningAuthServer,
  type RunningOAuthMcpServer,
  startAuthServer,
  startOAuthMcpServer,
} from '../../support/oauthServers';
import { runWorkers, signInOnce, statsDelta } from '../../support/refreshWorkers';

const ACCESS_TTL_S = 600;
/** Every phase moves the workers' clocks one more token lifetime ahead. */
const PHASE_MS = (ACCESS_TTL_S + 5) * 1000;
const WORKERS = 12;
const TIMEOUT_MS = 180_000;

let authServer: RunningAuthServer;
let mcpServer: RunningOAuthMcpServer;
let port: number;
const dir = mkdtempSync(join(tmpdir(), 'mcp-use-cross-process-'));
const storePath = join(dir, 'tokens', 'oauth-tokens.json');
let aheadMs = 0;

beforeAll(async () => {
  authServer = await startAuthServer({ accessTtl: ACCESS_TTL_S });
  mcpServer = await startOAuthMcpServer({ issuer: authServer.issuer });
  port = await freePort();
});

afterAll(async () => {
  await Promise.all([mcpServer?.stop(), authServer?.stop()]);
  rmSync(dir, { recursive: true, force: true });
});

const signIn = () => signInOnce(mcpServer.url, port, createFileStore(storePath));

/** The next phase: `count` workers, their clocks one more token lifetime ahead. */
async function afterExpiry(count: number) {
  aheadMs += PHASE_MS;
  const before = await authServer.stats();
  const run = await runWorkers(count, {
    serverUrl: mcpServer.url,
    callbackPort: port,
    store: { kind: 'file', path: storePath },
    clockAheadMs: aheadMs,
  });
  return { ...run, delta: delta(before, await authServer.stats()) };
}

const delta = statsDelta;

function storedRefreshToken(): string | undefined {
  const file = JSON.parse(readFileSync(storePath, 'utf8')) as { entries: Record<string, unknown> };
  const tokens = Object.entries(file.entries).find(([key]) => key.startsWith('mcp-use:oauth:tokens:'));
  return (tokens?.[1] as { refreshToken?: string } | undefined)?.refreshToken;
}

describe('MCPClient processes sharing a token file', () => {
  it(
    'signs in once',
    async () => {
      expect(await signIn()).toBe(1);
    },
    TIMEOUT_MS,
  );

  it(
    `${WORKERS} processes calling a tool at once after expiry make one refresh request, and all succeed`,
    async () => {
      const run = await afterExpiry(WORKERS);
      expect(run.outcomes.map((outcome) => [outcome.ok, outcome.text, outcome.code])).toEqual(
        Array.from({ length: WORKERS }, () => [true, 'test-user', undefined]),
      );
      expect(run.delta).toMatchObject({ refreshRequests: 1, reuse: 0, grantsRevoked: 0, codeExchanges: 0 });
    },
    TIMEOUT_MS,
  );

  it(
    'keeps the token family alive: the rotated refresh token saved by one process refreshes again',
    async () => {
      const run = await afterExpiry(3);
      expect(run.outcomes.every((outcome) => outcome.ok)).toBe(true);
      expect(run.delta).toMatchObject({ refreshRequests: 1, reuse: 0, grantsRevoked: 0 });
    },
    TIMEOUT_MS,
  );

  it('no lock file is left behind', () => {
    expect(readdir()).toEqual(['oauth-tokens.json']);
  });
});

describe('an authorization server that fails for a while', () => {
  it(
    'answers 503 twice: the refresh is tried again after a pause and succeeds, once for every process',
    async () => {
      await authServer.failTokenRequests(2, { status: 503 });
      const run = await afterExpiry(4);
      expect(run.outcomes.every((outcome) => outcome.ok)).toBe(true);
      expect(run.delta).toMatchObject({
        injectedFailures: 2,
        tokenRequests: 3,
        refreshRequests: 1,
        reuse: 0,
      });
    },
    TIMEOUT_MS,
  );

  it(
    'drops the connection once: the same',
    async () => {
      await authServer.failTokenRequests(1, { drop: true });
      const run = await afterExpiry(2);
      expect(run.outcomes.every((outcome) => outcome.ok)).toBe(true);
      expect(run.delta).toMatchObject({ injectedFailures: 1, tokenRequests: 2, refreshRequests: 1 });
    },
    TIMEOUT_MS,
  );

  it(
    'stays down: a bounded number of attempts, a typed error, and the refresh token kept for later',
    async () => {
      const kept = storedRefreshToken();
      await authServer.failTokenRequests(1_000, { status: 503 });
      const down = await afterExpiry(1);
      expect(down.outcomes[0]).toMatchObject({ ok: false, code: 'auth_refresh_unavailable' });
      expect(down.delta).toMatchObject({ injectedFailures: 3, refreshRequests: 0 });
      expect(storedRefreshToken()).toBe(kept);

      await authServer.failTokenRequests(0);
      aheadMs -= PHASE_MS; // the same moment, once the server is back
      const back = await afterExpiry(2);
      expect(back.outcomes.every((outcome) => outcome.ok)).toBe(true);
      expect(back.delta).toMatchObject({ refreshRequests: 1, reuse: 0, grantsRevoked: 0 });
    },
    TIMEOUT_MS,
  );
});

describe('a refresh token the authorization server refuses', () => {
  it(
    'drops the tokens after one refused request, and every process is told to sign in (none loops)',
    async () => {
      expect(await authServer.revokeAllRefreshTokens()).toBeGreaterThan(0);
      const run = await afterExpiry(5);
      expect(run.outcomes.map((outcome) => [outcome.ok, outcome.code, outcome.reason])).toEqual(
        Array.from({ length: 5 }, () => [
          false,
          'auth_required',
          expect.stringMatching(/^(refresh_failed|no_tokens)$/),
        ]),
      );
      expect(run.delta).toMatchObject({ refreshRequests: 1, codeExchanges: 0 });
      expect(storedRefreshToken()).toBeUndefined();
    },
    TIMEOUT_MS,
  );

  it(
    'a client with a person to sign in asks once, then works again',
    async () => {
      const before = await authServer.stats();
      expect(await signIn()).toBe(1);
      expect(delta(before, await authServer.stats())).toMatchObject({ codeExchanges: 1, refreshRequests: 0 });
      const run = await afterExpiry(3);
      expect(run.outcomes.every((outcome) => outcome.ok)).toBe(true);
      expect(run.delta).toMatchObject({ refreshRequests: 1, reuse: 0 });
    },
    TIMEOUT_MS,
  );

  it(
    'a sign-in refused at refresh time asks for one sign-in in this process too',
    async () => {
      await authServer.revokeAllRefreshTokens();
      expireStoredToken();
      const before = await authServer.stats();
      expect(await signIn()).toBe(1);
      expect(delta(before, await authServer.stats())).toMatchObject({ refreshRequests: 1, codeExchanges: 1 });
    },
    TIMEOUT_MS,
  );
});

function readdir(): string[] {
  return readdirSync(join(dir, 'tokens')).sort();
}

/** Makes the stored access token expired for this process's clock (its real expiry is ten minutes away). */
function expireStoredToken(): void {
  const file = JSON.parse(readFileSync(storePath, 'utf8')) as {
    entries: Record<string, { expiresAt?: number }>;
  };
  for (const [key, value] of Object.entries(file.entries)) {
    if (key.startsWith('mcp-use:oauth:tokens:')) value.expiresAt = Date.now() - 1_000;
  }
  writeFileSync(storePath, JSON.stringify(file));
}
