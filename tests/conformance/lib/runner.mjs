// Runs planned scenarios for the chosen clients with a small worker pool and classifies each outcome against
// the expected-failures file. Shared by run.mjs (the full run, README table) and ci.mjs (the fast CI entry).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { buildClients } from './build.mjs';
import { expectedFailure, readExpectedFailures } from './expectations.mjs';
import { ensureNode22 } from './node22.mjs';
import { NOT_FOR_BROWSER, planScenarios } from './plan.mjs';
import { runScheduled } from './schedule.mjs';
import { runScenario } from './suite.mjs';

export const CLIENTS = ['node', 'browser'];
/** The Client ID Metadata Document URL the suite's CIMD scenario expects a client to present. */
const CONFORMANCE_CLIENT_METADATA_URL = 'https://conformance-test.local/client-metadata.json';

/** The project's Chromium resolver and flags (tests/support/chromium.ts), bundled for plain Node. */
async function loadChromiumSupport(root, outDir) {
  const outfile = join(outDir, 'chromium.mjs');
  await build({
    entryPoints: [join(root, 'tests', 'support', 'chromium.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    absWorkingDir: root,
    logLevel: 'warning',
  });
  return import(pathToFileURL(outfile).href);
}

/**
 * @param {{ root: string, clients?: string[], suites?: string[], only?: (job) => boolean,
 *   concurrency?: number, onResult?: (result) => void }} options
 * @returns {Promise<{ results: object[], plan: object[], seconds: number, stale: object[] }>}
 */
export async function runConformance({
  root,
  clients = CLIENTS,
  suites,
  only = () => true,
  concurrency = 2,
  onResult = () => undefined,
}) {
  const started = Date.now();
  const cache = join(root, '.cache', 'conformance');
  const node22 = ensureNode22(root);
  const expectedPath = join(root, 'tests', 'conformance', 'expected-failures.txt');
  const expected = existsSync(expectedPath) ? readExpectedFailures(expectedPath) : [];
  const plan = (await planScenarios({ root, node22, ...(suites ? { suites } : {}) })).filter(only);
  const { nodeClient } = await buildClients({ root, outDir: join(cache, 'build') });

  let driver;
  if (clients.includes('browser')) {
    const { resolveChromium, CHROMIUM_ARGS } = await loadChromiumSupport(root, join(cache, 'build'));
    const { executablePath } = await resolveChromium();
    const { startBrowserDriver } = await import('./browserDriver.mjs');
    driver = await startBrowserDriver({
      pageDir: join(cache, 'build', 'page'),
      executablePath,
      args: CHROMIUM_ARGS,
    });
  }

  const commands = {
    node: {
      command: `exec "${process.execPath}" "${nodeClient}"`,
      env: { MCP_USE_CONFORMANCE_CLIENT_METADATA_URL: CONFORMANCE_CLIENT_METADATA_URL },
    },
    browser: {
      command: `exec "${process.execPath}" "${join(root, 'tests', 'conformance', 'clients', 'browser-client.mjs')}"`,
      env: {
        MCP_USE_CONFORMANCE_DRIVER: driver?.url ?? '',
        MCP_USE_CONFORMANCE_CLIENT_METADATA_URL: CONFORMANCE_CLIENT_METADATA_URL,
      },
    },
  };
  const jobs = plan.flatMap((entry) => clients.map((client) => ({ ...entry, client })));
  const results = [];
  const runJob = async (job) => {
    const known = expectedFailure(expected, job);
    if (job.client === 'browser' && NOT_FOR_BROWSER[job.scenario]) {
      const result = { ...job, status: 'n/a', reason: NOT_FOR_BROWSER[job.scenario], seconds: 0 };
      results.push(result);
      onResult(result);
      return;
    }
    const run = await runScenario({
      root,
      node22,
      suite: job.suite,
      scenario: job.scenario,
      command: commands[job.client].command,
      env: commands[job.client].env,
      outDir: join(cache, 'results', job.suite, job.client, job.scenario.replaceAll('/', '__')),
    });
    const status = run.passed ? (known ? 'xpass' : 'pass') : known ? 'xfail' : 'fail';
    const result = {
      ...job,
      status,
      seconds: run.seconds,
      failures: run.failures,
      warnings: run.warnings,
      resultDir: run.resultDir,
      ...(known ? { reason: known.reason } : {}),
      ...(status === 'fail' ? { output: run.output } : {}),
    };
    results.push(result);
    onResult(result);
  };
  try {
    await runScheduled(jobs, concurrency, runJob);
  } finally {
    await driver?.close();
  }
  const order = new Map(jobs.map((job, index) => [`${job.suite}|${job.client}|${job.scenario}`, index]));
  results.sort(
    (a, b) =>
      order.get(`${a.suite}|${a.client}|${a.scenario}`) - order.get(`${b.suite}|${b.client}|${b.scenario}`),
  );
  // Entries that matched nothing that ran, or whose scenario now passes, should be removed from the file.
  const stale = expected.filter((entry) =>
    results.some(
      (r) =>
        r.status === 'xpass' &&
        expectedFailure([entry], r) &&
        !results.some((o) => o.status === 'xfail' && expectedFailure([entry], o)),
    ),
  );
  return { results, plan, seconds: (Date.now() - started) / 1000, stale };
}

/** The client's stderr (what it logged) for a finished run, for failure reports. */
export function clientLog(result) {
  if (!result.resultDir) return '';
  try {
    return readFileSync(join(result.resultDir, 'stderr.txt'), 'utf8');
  } catch {
    return '';
  }
}
