// Prints the one summary line CI is judged by, from Vitest's JSON report(s): "N passed, N failed, N skipped".
// Exits 1 when a report is missing (the runner crashed before reporting) or counts a failure.
import { readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
let skipped = 0;
let missing = 0;
for (const file of process.argv.slice(2)) {
  try {
    const report = JSON.parse(readFileSync(file, 'utf8'));
    passed += report.numPassedTests ?? 0;
    failed += (report.numFailedTests ?? 0) + (report.numRuntimeErrorTestSuites ?? 0);
    skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
    if (report.success === false && report.numFailedTests === 0) failed += 1; // e.g. an unhandled error
  } catch {
    missing += 1;
  }
}
failed += missing;
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
