// Starts N application processes (tests/fixtures/refresh-worker.mjs) that share one token store, lets them all
// load, then tells them to call a tool in the same instant, and collects what each one got. Used by the
// cross-process refresh tests and by bench/refresh. Bounded: a worker that does not finish is killed.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TokenStore } from '../../src/auth/store';
import { MCPClient } from '../../src/node/index';
import { signInWithBrowser } from '../fixtures/loopbackSignIn';
import type { AuthServerStats } from './oauthServers';

const WORKER = fileURLToPath(new URL('../fixtures/refresh-worker.mjs', import.meta.url));
const CLOCK_AHEAD = new URL('../cli/support/clockAhead.mjs', import.meta.url).href;

export type WorkerStore =
  | { kind: 'file'; path: string }
  | { kind: 'redis'; url: string; userKey: string; encryptionKey?: string };

export interface WorkerOutcome {
  ok: boolean;
  text?: string;
  code?: string;
  reason?: string;
  message?: string;
  exitCode: number | null;
  stderr: string;
}

export interface WorkerRun {
  outcomes: WorkerOutcome[];
  /** From the start signal to the last worker's answer. */
  wallMs: number;
}

export interface RunWorkersOptions {
  serverUrl: string;
  callbackPort: number;
  store: WorkerStore;
  /** The workers' clocks run this far ahead, so the stored access token looks expired to every one of them. */
  clockAheadMs: number;
  /** Per worker, from spawn to exit. Default 120 s. */
  timeoutMs?: number;
  /** A build of the package other than dist/ (a folder holding index.js and redis.js). */
  dist?: string;
}

function storeArgs(store: WorkerStore): string[] {
  return store.kind === 'file'
    ? ['file', store.path]
    : ['redis', store.url, store.userKey, ...(store.encryptionKey ? [store.encryptionKey] : [])];
}

function start(options: RunWorkersOptions) {
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    [
      '--import',
      CLOCK_AHEAD,
      WORKER,
      options.serverUrl,
      String(options.callbackPort),
      ...storeArgs(options.store),
    ],
    {
      env: {
        ...process.env,
        TEST_CLOCK_AHEAD_MS: String(options.clockAheadMs),
        MCP_USE_NO_BROWSER: '1',
        ...(options.dist ? { MCP_USE_DIST: options.dist } : {}),
      },
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
      if (stdout.includes('READY\n')) resolve();
    });
    child.once('exit', () => reject(new Error(`a worker exited before it was ready: ${stderr}`)));
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
  const done = new Promise<WorkerOutcome>((resolve) => {
    child.once('close', (exitCode) => {
      clearTimeout(timer);
      const line = stdout
        .split('\n')
        .filter((text) => text.startsWith('{'))
        .pop();
      const parsed = line ? (JSON.parse(line) as Omit<WorkerOutcome, 'exitCode' | 'stderr'>) : { ok: false };
      resolve({ ...parsed, exitCode, stderr });
    });
  });
  return { child, ready, done };
}

/** Spawns `count` workers, waits until every one has loaded, starts them together and collects their outcomes. */
export async function runWorkers(count: number, options: RunWorkersOptions): Promise<WorkerRun> {
  const workers = Array.from({ length: count }, () => start(options));
  try {
    await Promise.all(workers.map((worker) => worker.ready));
  } catch (error) {
    for (const worker of workers) worker.child.kill('SIGKILL');
    throw error;
  }
  const started = performance.now();
  for (const worker of workers) worker.child.stdin.end('go\n');
  const outcomes = await Promise.all(workers.map((worker) => worker.done));
  return { outcomes, wallMs: performance.now() - started };
}

/**
 * Signs in from this process with MCPClient on `tokenStore`, playing the user's browser, and calls `whoami`;
 * resolves with how many sign-ins it asked for. The workers' configuration is the same (one server, `app`).
 */
export async function signInOnce(
  serverUrl: string,
  callbackPort: number,
  tokenStore: TokenStore,
): Promise<number> {
  let prompts = 0;
  const client = MCPClient.fromDict(
    { mcpServers: { app: { url: serverUrl, auth: { callback_port: callbackPort } } } },
    {
      tokenStore,
      oauth: {
        onSignIn: async ({ authorizationUrl, callbackUrl }) => {
          prompts += 1;
          await signInWithBrowser(authorizationUrl, callbackUrl);
        },
      },
    },
  );
  try {
    const result = await (await client.createSession('app')).callTool('whoami');
    if (result.isError) throw new Error('whoami failed after signing in');
  } finally {
    await client.closeAllSessions();
  }
  return prompts;
}

/** What the authorization server saw between two snapshots of its counters. */
export function statsDelta(before: AuthServerStats, after: AuthServerStats) {
  const grant = (stats: AuthServerStats, type: string) => stats.tokenRequests.byGrantType[type] ?? 0;
  return {
    tokenRequests: after.tokenRequests.total - before.tokenRequests.total,
    refreshRequests: grant(after, 'refresh_token') - grant(before, 'refresh_token'),
    codeExchanges: grant(after, 'authorization_code') - grant(before, 'authorization_code'),
    reuse: after.refreshReuse - before.refreshReuse,
    grantsRevoked: after.grantsRevoked - before.grantsRevoked,
    injectedFailures: after.injectedFailures - before.injectedFailures,
  };
}
