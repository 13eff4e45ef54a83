// `node bench/refresh/run.mjs`: the refresh bench alone, printed (bench/run.mjs runs it with the others and writes
// RESULTS.md). It imports the TypeScript test-server helpers, so Vite's module runner loads it as is.
import { fileURLToPath } from 'node:url';
import { withModules } from '../moduleRunner.mjs';

await withModules(async (load) => {
  const module = await load(fileURLToPath(new URL('./index.ts', import.meta.url)));
  const results = await module.runRefreshBench((line) => console.log(line));
  console.log(`\n${module.formatRefresh(results)}`);
});
