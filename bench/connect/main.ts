// The connect bench: real MCP and OAuth servers on 127.0.0.1, the bench page in Chromium, numbers out.
// Loaded by bench/run.mjs through Vite's module runner (it imports the TypeScript test helpers).
import { type Browser, chromium } from 'playwright-core';
import { CHROMIUM_ARGS, resolveChromium } from '../../tests/support/chromium.ts';
import { startAuthServer, startOAuthMcpServer } from '../../tests/support/oauthServers.ts';
import { type RunningServer, startServer } from '../../tests/support/servers.ts';
import { buildPage } from './buildPage';
import { startLegacyOAuthServer } from './legacyOAuthServer';
import {
  bearerScenario,
  combineRuns,
  type IdleResult,
  oauthScenarios,
  type ScaleResult,
  type ScenarioResult,
  scaleScenario,
  type ServerUnderTest,
  startIdleWatch,
} from './scenarios';
import { serveStatic } from './staticServer';

const TOKEN = 'bench-bearer-token';
const HEADERS = { Authorization: `Bearer ${TOKEN}` };
const SCALE_HOOKS = [1, 20, 50];
/** Servers started at once while preparing the scale runs (each is a Node process; 2 cores here). */
const START_BATCH = 10;
const SCALE_TIMEOUT_MS = 30_000;
/** Chromium opens at most 6 HTTP/1.1 connections per host: 5 and 6 hooks on one server sit on either side. */
const SAME_SERVER_HOOKS = [5, 6, 20];
const SAME_SERVER_TIMEOUT_MS = 8_000;
/** Longer than the default 30 s health-check interval, so one interval's traffic shows. */
const IDLE_MS = 35_000;
/** Measured runs per scenario (times are medians); each scenario first runs once unmeasured to warm servers up. */
export const BEARER_RUNS = 5;
export const OAUTH_RUNS = 3;

export interface ConnectResults {
  browserVersion: string;
  chromiumPath: string;
  scenarios: ScenarioResult[];
  strictModeScenarios: ScenarioResult[];
  scale: ScaleResult[];
  sameServer: ScaleResult[];
  idle: IdleResult;
}

/** One unmeasured run (a server's first requests pay for its JIT warm-up), then `runs` measured ones. */
async function repeated<T>(runs: number, once: () => Promise<T>): Promise<T[]> {
  await once();
  const results: T[] = [];
  for (let i = 0; i < runs; i += 1) results.push(await once());
  return results;
}

/** Repeats the OAuth story (cold, warm, sign-in again) and folds each step over the runs. */
async function repeatedStory(runs: number, once: () => Promise<ScenarioResult[]>): Promise<ScenarioResult[]> {
  const stories = await repeated(runs, once);
  const steps = Math.max(...stories.map((story) => story.length));
  return Array.from({ length: steps }, (_, step) =>
    combineRuns(stories.map((story) => story[step]).filter((r): r is ScenarioResult => r !== undefined)),
  );
}

const describeStats = (stats: { methods: Record<string, number> }) =>
  Object.entries(stats.methods)
    .map(([method, count]) => `${method} ${count}`)
    .join(', ');

function underTest(server: RunningServer, era: 'modern' | 'legacy'): ServerUnderTest {
  return {
    url: server.url,
    era,
    resetStats: () => server.resetStats(),
    stats: async () => `MCP server saw: ${describeStats(await server.stats())}`,
  };
}

async function startMany(count: number): Promise<RunningServer[]> {
  const servers: RunningServer[] = [];
  for (let i = 0; i < count; i += START_BATCH) {
    const batch = Math.min(START_BATCH, count - i);
    servers.push(
      ...(await Promise.all(Array.from({ length: batch }, () => startServer({ kind: 'v2', bearer: TOKEN })))),
    );
  }
  return servers;
}

/** Everything this run started, stopped by PID (through each server's own stop()) whatever happens. */
class Cleanup {
  readonly #steps: (() => Promise<unknown>)[] = [];
  add<T extends { stop(): Promise<void> } | { close(): Promise<void> } | { remove(): Promise<void> }>(
    thing: T,
  ): T {
    const step =
      'stop' in thing ? () => thing.stop() : 'close' in thing ? () => thing.close() : () => thing.remove();
    this.#steps.push(step);
    return thing;
  }
  async run(): Promise<void> {
    for (const step of this.#steps.splice(0).reverse()) await step().catch(() => undefined);
  }
}

export async function runConnectBench(log: (line: string) => void = console.log): Promise<ConnectResults> {
  const cleanup = new Cleanup();
  try {
    log('connect: building the bench page (production and development builds)…');
    const production = cleanup.add(await buildPage('production'));
    const development = cleanup.add(await buildPage('development'));
    const app = cleanup.add(await serveStatic(production.dir));
    const devApp = cleanup.add(await serveStatic(development.dir));

    const { executablePath } = await resolveChromium();
    const browser: Browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
    cleanup.add({ close: () => browser.close() });

    log('connect: starting servers…');
    const modern = cleanup.add(await startServer({ kind: 'v2', bearer: TOKEN }));
    const legacy = cleanup.add(await startServer({ kind: 'v1-legacy', bearer: TOKEN }));
    const idleServer = cleanup.add(await startServer({ kind: 'v2', bearer: TOKEN }));
    const authServer = cleanup.add(await startAuthServer({ autoConsent: true }));
    const oauthModern = cleanup.add(await startOAuthMcpServer({ issuer: authServer.issuer }));
    const oauthLegacy = cleanup.add(await startLegacyOAuthServer(authServer.issuer));
    const as = {
      issuer: authServer.issuer,
      resetStats: () => authServer.resetStats(),
      stats: async () => {
        const s = await authServer.stats();
        const grants = Object.entries(s.tokenRequests.byGrantType)
          .map(([grant, count]) => `${grant} ${count}`)
          .join(', ');
        return `registrations ${s.registrations}, authorizations ${s.authorizations}, token requests ${s.tokenRequests.total} (${grants || 'none'})`;
      },
    };

    log('connect: idle watch started (read at the end)…');
    const idleWatch = await startIdleWatch(browser, app.origin, underTest(idleServer, 'modern'), HEADERS);

    const scenarios: ScenarioResult[] = [];
    for (const [server, era] of [
      [modern, 'modern'],
      [legacy, 'legacy'],
    ] as const) {
      log(`connect: bearer, ${era} (${BEARER_RUNS} runs)…`);
      const runs = await repeated(BEARER_RUNS, () =>
        bearerScenario(browser, app.origin, underTest(server, era), HEADERS),
      );
      scenarios.push(combineRuns(runs));
    }
    for (const [url, era] of [
      [oauthModern.url, 'modern'],
      [oauthLegacy.url, 'legacy'],
    ] as const) {
      log(`connect: OAuth, ${era} (${OAUTH_RUNS} runs of cold, warm, sign-in again)…`);
      scenarios.push(
        ...(await repeatedStory(OAUTH_RUNS, () => oauthScenarios(browser, app.origin, as, { url, era }))),
      );
    }

    log('connect: StrictMode (development build)…');
    const strictModeScenarios: ScenarioResult[] = [
      await bearerScenario(browser, devApp.origin, underTest(modern, 'modern'), HEADERS),
      ...(await oauthScenarios(browser, devApp.origin, as, { url: oauthModern.url, era: 'modern' })),
    ];

    log(`connect: scale (${SCALE_HOOKS.join(' / ')} hooks, one server each)…`);
    const fleet = (await startMany(Math.max(...SCALE_HOOKS))).map((server) => cleanup.add(server));
    const fleetUrls = fleet.map((server) => server.url);
    // Unmeasured pass: every server answers its first requests once, as a server in use would have.
    await scaleScenario(browser, app.origin, fleetUrls, HEADERS, SCALE_TIMEOUT_MS);
    const scale: ScaleResult[] = [];
    for (const hooks of SCALE_HOOKS) {
      scale.push(
        await scaleScenario(browser, app.origin, fleetUrls.slice(0, hooks), HEADERS, SCALE_TIMEOUT_MS),
      );
    }
    const sameServer: ScaleResult[] = [];
    for (const hooks of SAME_SERVER_HOOKS) {
      log(`connect: ${hooks} hooks on one server…`);
      const urls = Array.from({ length: hooks }, () => modern.url);
      sameServer.push(await scaleScenario(browser, app.origin, urls, HEADERS, SAME_SERVER_TIMEOUT_MS));
    }

    log('connect: reading the idle watch…');
    const idle = await idleWatch.finish(IDLE_MS);
    return {
      browserVersion: browser.version(),
      chromiumPath: executablePath,
      scenarios,
      strictModeScenarios,
      scale,
      sameServer,
      idle,
    };
  } finally {
    await cleanup.run();
  }
}
