// Prints the one summary line CI is judged by — "N passed, N failed, N skipped" — summed over every runner:
// Vitest's JSON report(s) and plain-text logs whose last summary line has that same form (the conformance run).
// Exits 1 when a report is missing (the runner crashed before reporting) or counts a failure.
import { readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
let skipped = 0;

function addVitest(file) {
  const report = JSON.parse(readFileSync(file, 'utf8'));
  passed += report.numPassedTests ?? 0;
  failed += (report.numFailedTests ?? 0) + (report.numRuntimeErrorTestSuites ?? 0);
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  if (report.success === false && report.numFailedTests === 0) failed += 1; // e.g. an unhandled error
}

function addPlain(file) {
  const lines = readFileSync(file, 'utf8').trim().split('\n').reverse();
  const summary = lines
    .map((line) => /(\d+) passed, (\d+) failed(?:, (\d+) skipped)?/.exec(line))
    .find(Boolean);
  if (!summary) throw new Error(`no summary line in ${file}`);
  passed += Number(summary[1]);
  failed += Number(summary[2]);
  skipped += Number(summary[3] ?? 0);
}

for (const file of process.argv.slice(2)) {
  try {
    if (file.endsWith('.json')) addVitest(file);
    else addPlain(file);
  } catch (error) {
    console.error(`summary: ${error.message}`);
    failed += 1;
  }
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
