// Minimal reproductions of the bugs the conformance runs found in src/ (see ../expected-failures.txt). Each
// *.ts here is bundled from the sources and run; it exits 0 when the behaviour is right and 1 while the bug is
// there, printing what it saw. `node tests/conformance/repro/run.mjs [name…]`
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = join(here, '..', '..', '..');
const out = join(root, '.cache', 'conformance', 'repro');
mkdirSync(out, { recursive: true });
const wanted = process.argv.slice(2);
const names = readdirSync(here)
  .filter((file) => file.endsWith('.ts') && file !== 'support.ts')
  .map((file) => file.slice(0, -3))
  .filter((name) => wanted.length === 0 || wanted.includes(name));
let present = 0;
for (const name of names) {
  const outfile = join(out, `${name}.mjs`);
  await build({
    entryPoints: [join(here, `${name}.ts`)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    absWorkingDir: root,
    logLevel: 'warning',
  });
  const run = spawnSync(process.execPath, [outfile], { cwd: root, encoding: 'utf8', timeout: 30_000 });
  const ok = run.status === 0;
  if (!ok) present += 1;
  console.log(`${ok ? 'fixed      ' : 'BUG PRESENT'} ${name}`);
  for (const line of `${run.stdout}${run.stderr}`.trim().split('\n')) if (line) console.log(`    ${line}`);
}
console.log(`${names.length - present} passed, ${present} failed`);
process.exit(present > 0 ? 1 : 0);
