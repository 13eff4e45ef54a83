// The bundler matrix: each browser entry of the packed package built by esbuild, Vite, Rollup and webpack as an
// app builds it, reporting what a page loads first and what it fetches on demand. Budgets (initial chunk, gzip)
// are checked for esbuild, Vite and Rollup; webpack (and Next.js, bench/bundlers/next.mjs) are reported.
//
//   node bench/bundlers/matrix.mjs           prints the table
//   node bench/bundlers/matrix.mjs --check   …and exits 1 when an entry is over a budget
import { fileURLToPath } from 'node:url';
import { bundleWithEsbuild } from './esbuild.mjs';
import { writeConsumers } from './consumers.mjs';
import { installPackedPackage } from './packedPackage.mjs';
import { bundleWithRollup } from './rollup.mjs';
import { bundleWithVite } from './vite.mjs';
import { bundleWithWebpack } from './webpack.mjs';

const KB = 1024;

export const BUNDLERS = [
  { name: 'esbuild 0.28', bundle: bundleWithEsbuild },
  { name: 'Vite 8', bundle: bundleWithVite },
  { name: 'Rollup 4 + terser', bundle: bundleWithRollup },
  { name: 'webpack 5', bundle: bundleWithWebpack },
];

/**
 * Ceilings on the initial chunk (min+gzip) that CI holds: today's sizes rounded up, so that growth is a decision
 * and not an accident. The goals of issue 16 are lower; bench/README.md says what stands in the way.
 */
export const BUDGETS = {
  'mcp-use/react': { 'esbuild 0.28': 99.5 * KB, 'Vite 8': 93 * KB, 'Rollup 4 + terser': 93 * KB },
  'mcp-use/auth': { 'esbuild 0.28': 10.5 * KB, 'Vite 8': 11.5 * KB, 'Rollup 4 + terser': 11 * KB },
};

export async function measureMatrix() {
  const root = installPackedPackage();
  const rows = [];
  for (const entry of writeConsumers(root)) {
    for (const bundler of BUNDLERS) {
      const size = await bundler.bundle(entry.path, root);
      rows.push({
        entry: entry.name,
        imports: entry.imports,
        bundler: bundler.name,
        ...size,
        budgetGzip: BUDGETS[entry.name]?.[bundler.name],
      });
    }
  }
  return rows;
}

export const overBudget = (row) => row.budgetGzip !== undefined && row.initialGzipBytes > row.budgetGzip;

const kb = (bytes) => `${(bytes / KB).toFixed(1)} KB`;

export function formatMatrix(rows) {
  const lines = [
    '| entry | bundler | initial min | initial min+gzip | budget (gzip) | on demand min | on demand min+gzip (chunks) |',
    '|---|---|---:|---:|---|---:|---:|',
  ];
  for (const row of rows) {
    const budget =
      row.budgetGzip === undefined
        ? 'reported'
        : `${kb(row.budgetGzip)}: ${overBudget(row) ? `**over by ${row.initialGzipBytes - row.budgetGzip} B**` : `ok, ${row.budgetGzip - row.initialGzipBytes} B left`}`;
    lines.push(
      `| \`${row.entry}\` (\`${row.imports}\`) | ${row.bundler} | ${kb(row.initialMinBytes)} | ` +
        `${row.initialGzipBytes} B (${kb(row.initialGzipBytes)}) | ${budget} | ${row.lazyMinBytes ? kb(row.lazyMinBytes) : '—'} | ` +
        `${row.lazyGzipBytes ? `${kb(row.lazyGzipBytes)} (${row.lazyChunks})` : '—'} |`,
    );
  }
  return lines.join('\n');
}

export function matrixFailure(row) {
  return (
    `size budget exceeded: ${row.entry} built by ${row.bundler} loads ${row.initialGzipBytes} B gzip first > ` +
    `${row.budgetGzip} B. \`node bench/size.mjs\` names the heaviest modules of the first chunk.`
  );
}

async function main() {
  const rows = await measureMatrix();
  console.log(formatMatrix(rows));
  const over = rows.filter(overBudget);
  if (process.argv.includes('--check') && over.length > 0) {
    for (const row of over) console.error(matrixFailure(row));
    process.exitCode = 1;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
