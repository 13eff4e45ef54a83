// The fast CI entry: the 0.1.16 `auth` suite (14 scenarios) for the Node client (MCPClient). Prints one plain line
// `N passed, N failed, N skipped` — scenarios that failed unexpectedly count as failed, scenarios listed in
// expected-failures.txt (each a known bug) as skipped, with their reasons above the line. `--strict` counts
// known failures as failed. Exit code 1 when anything counted as failed.
import { fileURLToPath } from 'node:url';
import { AUTH_SUITE_0116 } from './lib/plan.mjs';
import { clientLog, runConformance } from './lib/runner.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const strict = process.argv.includes('--strict');
const auth = new Set(AUTH_SUITE_0116);
const { results, seconds } = await runConformance({
  root,
  clients: ['node'],
  suites: ['0.1.16'],
  only: (entry) => auth.has(entry.scenario),
  concurrency: 2,
  onResult: (r) => console.log(`conformance ${r.status.padEnd(5)} ${r.scenario} (${r.seconds.toFixed(1)} s)`),
});
for (const r of results.filter((x) => x.status === 'fail')) {
  console.log(`--- ${r.scenario}: ${[...r.failures, ...r.warnings].join('; ')}`);
  console.log(
    clientLog(r)
      .trimEnd()
      .split('\n')
      .slice(-15)
      .map((l) => `  | ${l}`)
      .join('\n'),
  );
}
for (const r of results.filter((x) => x.status === 'xfail'))
  console.log(`known failure ${r.scenario}: ${r.reason}`);
const passed = results.filter((r) => r.status === 'pass' || r.status === 'xpass').length;
const known = results.filter((r) => r.status === 'xfail').length;
const failed = results.filter((r) => r.status === 'fail').length + (strict ? known : 0);
console.log(`conformance: 0.1.16 auth suite, Node client, ${seconds.toFixed(0)} s`);
console.log(`${passed} passed, ${failed} failed${strict ? '' : `, ${known} skipped`}`);
process.exit(failed > 0 ? 1 : 0);
