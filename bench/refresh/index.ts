// The refresh bench: N real Node processes (10, 50, 100) of an application using MCPClient, sharing one token
// store, all calling a tool at the same moment once the stored access token has expired, against oidc-provider
// with rotating refresh tokens that revokes a grant when a spent refresh token is presented again. Reported per
// N: refresh requests the authorization server saw (1 is the floor), sessions lost (workers that ended without
// their tool result: must be 0), replays the server detected, and the wall time from the start signal until
// every process had its answer. The file store always; Redis (`mcp-use/redis`) too when a redis-server is found.
import { mkdtempSync, rmSync } from 'node:fs';
import { createClient } from 'redis';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRedisTokenStore } from '../../src/redis';
import type { TokenStore } from '../../src/auth/store';
import { createFileStore } from '../../src/node/oauth/fileStore';
import { freePort } from '../../tests/fixtures/loopbackSignIn';
import { startAuthServer, startOAuthMcpServer } from '../../tests/support/oauthServers';
import { redisServerPath, startRedis } from '../../tests/support/redisServer';
import { runWorkers, signInOnce, statsDelta, type WorkerStore } from '../../tests/support/refreshWorkers';
import { BUILD_DIR, ensureBuilt } from '../cli/ensureBuilt';

export const PROCESS_COUNTS = [10, 50, 100] as const;
const ACCESS_TTL_S = 3600;

export interface RefreshRow {
  store: 'file' | 'redis';
  processes: number;
  refreshRequests: number;
  sessionsLost: number;
  replays: number;
  grantsRevoked: number;
  wallMs: number;
  /** Why sessions were lost, first few distinct. */
  failures: string[];
}

export interface RefreshResults {
  build: string;
  rows: RefreshRow[];
  notes: string[];
}

export async function runRefreshBench(log: (line: string) => void): Promise<RefreshResults> {
  const build = ensureBuilt();
  log(`refresh: ${build}`);
  const notes: string[] = [];
  const authServer = await startAuthServer({ accessTtl: ACCESS_TTL_S });
  const mcpServer = await startOAuthMcpServer({ issuer: authServer.issuer });
  const redis = redisServerPath() ? await startRedis() : undefined;
  if (!redis) notes.push('no redis-server found: the Redis rows were not run');
  const dir = mkdtempSync(join(tmpdir(), 'mcp-use-bench-refresh-'));
  const rows: RefreshRow[] = [];
  try {
    for (const kind of redis ? (['file', 'redis'] as const) : (['file'] as const)) {
      for (const processes of PROCESS_COUNTS) {
        const port = await freePort();
        const where: WorkerStore =
          kind === 'file'
            ? { kind, path: join(dir, `${processes}`, 'tokens.json') }
            : { kind, url: redis!.url, userKey: `bench-${processes}` };
        // A client made here: the module runner that loads this bench cannot import `redis` on demand later.
        const client = where.kind === 'redis' ? createClient({ url: where.url }) : undefined;
        await client?.connect();
        const store: TokenStore = client
          ? createRedisTokenStore({ client, userKey: `bench-${processes}` })
          : createFileStore(join(dir, `${processes}`, 'tokens.json'));
        await signInOnce(mcpServer.url, port, store);
        await client?.close();
        log(`refresh: ${kind} store, ${processes} processes…`);
        const before = await authServer.stats();
        const run = await runWorkers(processes, {
          serverUrl: mcpServer.url,
          callbackPort: port,
          store: where,
          clockAheadMs: (ACCESS_TTL_S + 5) * 1000,
          dist: BUILD_DIR,
          timeoutMs: 300_000,
        });
        const delta = statsDelta(before, await authServer.stats());
        const lost = run.outcomes.filter((outcome) => !outcome.ok);
        rows.push({
          store: kind,
          processes,
          refreshRequests: delta.refreshRequests,
          sessionsLost: lost.length,
          replays: delta.reuse,
          grantsRevoked: delta.grantsRevoked,
          wallMs: Math.round(run.wallMs),
          failures: [...new Set(lost.map((outcome) => outcome.code ?? `exit ${outcome.exitCode}`))].slice(
            0,
            3,
          ),
        });
      }
    }
  } finally {
    await Promise.all([mcpServer.stop(), authServer.stop(), redis?.stop()]);
    rmSync(dir, { recursive: true, force: true });
  }
  return { build, rows, notes };
}

export function formatRefresh(results: RefreshResults): string {
  return [
    '## Refresh after expiry (bench/refresh)',
    '',
    'N Node processes of an application using `MCPClient` share one token store and call `whoami` at the same ' +
      'moment, once the stored access token has expired (their clocks moved past it), against oidc-provider with ' +
      'rotating refresh tokens that revokes the grant when a spent refresh token comes back. *Refresh requests* ' +
      'is what the authorization server saw (floor 1); *sessions lost* counts processes that did not get their ' +
      'tool result (must be 0); *wall time* runs from the start signal to the last answer.',
    '',
    '| store | processes | refresh requests | sessions lost | replays detected / grants revoked | wall time |',
    '|---|---:|---:|---:|---|---:|',
    ...results.rows.map(
      (row) =>
        `| ${row.store} | ${row.processes} | ${row.refreshRequests} | ${row.sessionsLost}${row.failures.length ? ` (${row.failures.join(', ')})` : ''} | ${row.replays} / ${row.grantsRevoked} | ${row.wallMs} ms |`,
    ),
    '',
    ...results.notes.map((note) => `- ${note}`),
    `- build: ${results.build}`,
    '',
  ].join('\n');
}
