// `npm run conformance`: the official MCP conformance suites against mcp-use's Node client (MCPClient) and browser
// client (useMcp in Chromium), README table regenerated from the results.
//
//   node tests/conformance/run.mjs [--client node|browser] [--suite 0.1.16|0.2.0-alpha.12]
//                                  [--scenario <regexp>] [--concurrency N]
//
// Fetches a Node 22 binary into .cache/node22 when this Node is older (the suite needs ≥ 22), bundles the clients
// from src/, and keeps every server on 127.0.0.1. Results: .cache/conformance/results.json and, after a full run
// (no filter), the README section between <!-- conformance:start --> and <!-- conformance:end -->.
// Exit code 1 when a scenario fails that is not listed in tests/conformance/expected-failures.txt.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { renderSection, updateReadme } from './lib/report.mjs';
import { CLIENTS, clientLog, runConformance } from './lib/runner.mjs';
import { SUITES } from './lib/suite.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const { values } = parseArgs({
  options: {
    client: { type: 'string', multiple: true },
    suite: { type: 'string', multiple: true },
    scenario: { type: 'string' },
    concurrency: { type: 'string', default: '2' },
  },
});
const clients = values.client ?? CLIENTS;
const suites = values.suite ?? Object.keys(SUITES);
for (const client of clients) if (!CLIENTS.includes(client)) throw new Error(`unknown client ${client}`);
for (const suite of suites) if (!SUITES[suite]) throw new Error(`unknown suite ${suite}`);
const pattern = values.scenario ? new RegExp(values.scenario) : undefined;
const full = !pattern && clients.length === CLIENTS.length && suites.length === Object.keys(SUITES).length;

const mark = { pass: 'pass ', xpass: 'PASS!', xfail: 'xfail', fail: 'FAIL ', 'n/a': 'n/a  ' };
const { results, plan, seconds, stale } = await runConformance({
  root,
  clients,
  suites,
  concurrency: Number(values.concurrency),
  ...(pattern ? { only: (entry) => pattern.test(entry.scenario) } : {}),
  onResult: (r) =>
    console.log(
      `${mark[r.status]} ${r.suite.padEnd(14)} ${r.client.padEnd(7)} ${r.scenario} (${r.seconds.toFixed(1)} s)`,
    ),
});

const failed = results.filter((r) => r.status === 'fail');
for (const r of failed) {
  console.log(`\n--- unexpected failure: ${r.suite} ${r.client} ${r.scenario}`);
  for (const line of [...r.failures, ...r.warnings.map((w) => `warning: ${w}`)]) console.log(`  ${line}`);
  console.log(
    clientLog(r)
      .trimEnd()
      .split('\n')
      .slice(-25)
      .map((l) => `  | ${l}`)
      .join('\n'),
  );
}
for (const r of results.filter((x) => x.status === 'xpass'))
  console.log(`\nnow passes, remove from expected-failures.txt: ${r.suite} ${r.client} ${r.scenario}`);
for (const entry of stale)
  console.log(`stale entry, line ${entry.line}: ${entry.suite} ${entry.client} ${entry.scenario}`);

const cache = join(root, '.cache', 'conformance');
mkdirSync(cache, { recursive: true });
writeFileSync(
  join(cache, 'results.json'),
  JSON.stringify(
    results.map(({ output, ...rest }) => rest),
    null,
    2,
  ),
);
if (full) {
  const changed = updateReadme(join(root, 'README.md'), renderSection({ results, plan }));
  console.log(`\nREADME conformance section ${changed ? 'updated' : 'unchanged'}`);
} else {
  console.log('\n(partial run: README left as it is)');
}
const by = (status) => results.filter((r) => r.status === status).length;
console.log(
  `\n${by('pass') + by('xpass')} passed, ${failed.length} failed, ${by('xfail')} known failures, ${by('n/a')} n/a — ${seconds.toFixed(0)} s`,
);
process.exit(failed.length > 0 ? 1 : 0);
