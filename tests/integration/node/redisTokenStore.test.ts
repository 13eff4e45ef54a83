// The Redis token store (`mcp-use/redis`) against a real redis-server, and MCPClient processes sharing it against
// a real authorization server whose refresh tokens rotate and whose grants are revoked when a spent refresh
// token comes back: several instances refresh once between them; an instance paused past its lease cannot
// overwrite the newer token; records are per user and sealed at rest; a Redis crash loses no acknowledged write.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisTokenStore, type RedisTokenStore, TokenStoreError } from '../../../src/redis';
import { freePort } from '../../fixtures/loopbackSignIn';
import {
  type RunningAuthServer,
  type RunningOAuthMcpServer,
  startAuthServer,
  startOAuthMcpServer,
} from '../../support/oauthServers';
import { NO_REDIS_REASON, type RunningRedis, redisServerPath, startRedis } from '../../support/redisServer';
import { runWorkers, signInOnce, statsDelta } from '../../support/refreshWorkers';

const ACCESS_TTL_S = 600;
const PHASE_MS = (ACCESS_TTL_S + 5) * 1000;
const TIMEOUT_MS = 180_000;
const HOLDER = fileURLToPath(new URL('../../fixtures/redis-lock-holder.mjs', import.meta.url));
const ENCRYPTION_KEY = randomBytes(32).toString('base64');

const hasRedis = redisServerPath() !== undefined;
const title = (name: string) => (hasRedis ? name : `${name} (skipped: ${NO_REDIS_REASON})`);

let redis: RunningRedis;
let authServer: RunningAuthServer;
let mcpServer: RunningOAuthMcpServer;
let port: number;
const stores: RedisTokenStore[] = [];

function store(options: { userKey?: string; encryptionKey?: string; url?: string } = {}): RedisTokenStore {
  const made = createRedisTokenStore({ url: options.url ?? redis.url, ...options });
  stores.push(made);
  return made;
}

describe.skipIf(!hasRedis)(title('Redis token store'), () => {
  beforeAll(async () => {
    [redis, authServer] = await Promise.all([startRedis(), startAuthServer({ accessTtl: ACCESS_TTL_S })]);
    mcpServer = await startOAuthMcpServer({ issuer: authServer.issuer });
    port = await freePort();
  });

  afterAll(async () => {
    await Promise.all(stores.map((made) => made.close()));
    await Promise.all([mcpServer?.stop(), authServer?.stop(), redis?.stop()]);
  });

  describe('records', () => {
    it('keeps each user apart, and clear() forgets one user only', async () => {
      const alice = store({ userKey: 'alice' });
      const bob = alice.forUser('bob');
      await alice.set('k', { who: 'alice' });
      await bob.set('k', { who: 'bob' });
      expect(await alice.get('k')).toEqual({ who: 'alice' });
      expect(await bob.get('k')).toEqual({ who: 'bob' });
      await alice.clear();
      expect(await alice.get('k')).toBeUndefined();
      expect(await bob.get('k')).toEqual({ who: 'bob' });
      await bob.del('k');
      expect(await bob.get('k')).toBeUndefined();
    });

    it('seals records with AES-256-GCM when given a key: nothing readable in Redis, nothing opens elsewhere', async () => {
      const sealed = store({ userKey: 'carol', encryptionKey: ENCRYPTION_KEY });
      await sealed.set('mcp-use:oauth:tokens:["https://mcp.example.com/mcp","https://as.example.com"]', {
        accessToken: 'secret-access-token',
      });
      const raw = createClient({ url: redis.url });
      await raw.connect();
      try {
        const key =
          'mcp-use:{carol}:mcp-use:oauth:tokens:["https://mcp.example.com/mcp","https://as.example.com"]';
        const value = (await raw.hGet(key, 'value')) as string;
        expect(value.startsWith('1.gcm.')).toBe(true);
        expect(value).not.toContain('secret-access-token');
        expect(await sealed.get(key.slice('mcp-use:{carol}:'.length))).toEqual({
          accessToken: 'secret-access-token',
        });

        // The same value under another user's key (additional data = the key) does not open.
        await raw.hSet('mcp-use:{dave}:moved', 'value', value);
        await expect(sealed.forUser('dave').get('moved')).rejects.toBeInstanceOf(TokenStoreError);
        // Another key does not open it; a plain record is not accepted where records are sealed.
        const otherKey = store({ userKey: 'carol', encryptionKey: randomBytes(32).toString('base64') });
        await expect(otherKey.get(key.slice('mcp-use:{carol}:'.length))).rejects.toMatchObject({
          code: 'token_store_unreadable',
        });
        await raw.hSet('mcp-use:{carol}:planted', 'value', '1.json.{"accessToken":"planted"}');
        await expect(sealed.get('planted')).rejects.toBeInstanceOf(TokenStoreError);
      } finally {
        await raw.close();
      }
    });
  });

  describe('the lock', () => {
    it(
      'an instance paused past its lease cannot overwrite the token the next holder wrote',
      async () => {
        const next = store({ userKey: 'erin' });
        const holder = spawnHolder('erin', 300);
        const [, fence] = (await holder.line(/^LOCKED (\d+)$/)) ?? [];
        holder.child.kill('SIGSTOP'); // paused, as by a long GC or a frozen VM: it can no longer renew
        try {
          await next.lock('mcp-use:refresh:fenced', async (lease) => {
            expect(lease?.fence).toBeGreaterThan(Number(fence));
            await next.set('record', { token: 'newer' }, lease ? { lease } : {});
          });
        } finally {
          holder.child.kill('SIGCONT');
        }
        holder.child.stdin.write('write now\n');
        expect((await holder.line(/^(written|lock_lost)$/))?.[1]).toBe('lock_lost');
        expect(await next.get('record')).toEqual({ token: 'newer' });
      },
      TIMEOUT_MS,
    );
  });

  describe('MCPClient instances sharing the store', () => {
    let aheadMs = 0;
    const userKey = 'user-1';

    it(
      'signs in once',
      async () => {
        expect(await signIn(store({ userKey, encryptionKey: ENCRYPTION_KEY }))).toBe(1);
      },
      TIMEOUT_MS,
    );

    it(
      'two instances calling a tool at once after expiry make one refresh request; both succeed',
      async () => {
        aheadMs += PHASE_MS;
        const run = await phase(redis.url, userKey, aheadMs, 2);
        expect(run.outcomes.map((outcome) => [outcome.ok, outcome.text])).toEqual([
          [true, 'test-user'],
          [true, 'test-user'],
        ]);
        expect(run.delta).toMatchObject({ refreshRequests: 1, reuse: 0, grantsRevoked: 0 });
      },
      TIMEOUT_MS,
    );

    it(
      'eight more, later: one refresh again, with the token the last instance stored',
      async () => {
        aheadMs += PHASE_MS;
        const run = await phase(redis.url, userKey, aheadMs, 8);
        expect(run.outcomes.every((outcome) => outcome.ok)).toBe(true);
        expect(run.delta).toMatchObject({ refreshRequests: 1, reuse: 0, grantsRevoked: 0 });
      },
      TIMEOUT_MS,
    );

    it(
      'another user of the same store has no tokens: sign-in required, no refresh request',
      async () => {
        aheadMs += PHASE_MS;
        const run = await phase(redis.url, 'user-2', aheadMs, 1);
        expect(run.outcomes[0]).toMatchObject({ ok: false, code: 'auth_required', reason: 'no_tokens' });
        expect(run.delta).toMatchObject({ refreshRequests: 0 });
      },
      TIMEOUT_MS,
    );
  });

  describe('a Redis crash', () => {
    let durable: RunningRedis;
    const dir = mkdtempSync(join(tmpdir(), 'mcp-use-redis-'));

    beforeAll(async () => {
      durable = await startRedis({ durableDir: dir });
    });
    afterAll(async () => {
      await durable?.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    it(
      'loses no write that was acknowledged, and writes in flight go through once it is back',
      async () => {
        const writer = store({ url: durable.url, userKey: 'crash', encryptionKey: ENCRYPTION_KEY });
        const acknowledged = new Map<string, number>();
        const writes = (async () => {
          for (let i = 0; i < 300; i += 1) {
            await writer.set(`k${i % 30}`, { i });
            acknowledged.set(`k${i % 30}`, i);
          }
        })();
        while (acknowledged.size < 30) await new Promise((resolve) => setTimeout(resolve, 5));
        await durable.crash();
        const atCrash = new Map(acknowledged);
        await durable.restart();
        // What was acknowledged before the crash is there after the restart (appendfsync always).
        const reader = store({ url: durable.url, userKey: 'crash', encryptionKey: ENCRYPTION_KEY });
        for (const [key, i] of atCrash)
          expect(((await reader.get(key)) as { i: number }).i).toBeGreaterThanOrEqual(i);
        await writes;
        for (const [key, i] of acknowledged) expect(await reader.get(key)).toEqual({ i });
      },
      TIMEOUT_MS,
    );

    it(
      'instances refreshing before and after a crash keep the grant: the rotated token was acknowledged',
      async () => {
        const userKey = 'crash-user';
        expect(await signIn(store({ url: durable.url, userKey, encryptionKey: ENCRYPTION_KEY }))).toBe(1);
        const first = await phase(durable.url, userKey, PHASE_MS, 3);
        expect(first.outcomes.every((outcome) => outcome.ok)).toBe(true);
        await durable.crash();
        await durable.restart();
        const second = await phase(durable.url, userKey, 2 * PHASE_MS, 3);
        expect(second.outcomes.every((outcome) => outcome.ok)).toBe(true);
        expect([first.delta, second.delta]).toMatchObject([
          { refreshRequests: 1, reuse: 0 },
          { refreshRequests: 1, reuse: 0, grantsRevoked: 0 },
        ]);
      },
      TIMEOUT_MS,
    );
  });
});

const signIn = (tokenStore: RedisTokenStore) => signInOnce(mcpServer.url, port, tokenStore);

async function phase(url: string, userKey: string, clockAheadMs: number, count: number) {
  const before = await authServer.stats();
  const run = await runWorkers(count, {
    serverUrl: mcpServer.url,
    callbackPort: port,
    store: { kind: 'redis', url, userKey, encryptionKey: ENCRYPTION_KEY },
    clockAheadMs,
  });
  return { ...run, delta: statsDelta(before, await authServer.stats()) };
}

function spawnHolder(userKey: string, leaseMs: number) {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [
    HOLDER,
    redis.url,
    userKey,
    String(leaseMs),
  ]);
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  const line = (pattern: RegExp) =>
    new Promise<RegExpMatchArray | null>((resolve) => {
      const timer = setTimeout(() => resolve(null), 20_000);
      const check = () => {
        const found = stdout
          .split('\n')
          .map((text) => text.match(pattern))
          .find(Boolean);
        if (!found) return;
        clearTimeout(timer);
        child.stdout.off('data', check);
        resolve(found);
      };
      child.stdout.on('data', check);
      check();
    });
  return { child, line };
}
