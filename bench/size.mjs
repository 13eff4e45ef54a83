// Bytes a consumer ships for each public entry: the entry's main export bundled from src/ the way an app bundler
// would (ESM, minified, tree-shaken, code-split, React left to the app), then gzipped at level 9. The budget
// counts what a page loads first; chunks behind a dynamic import() are listed as loaded on demand.
//
//   node bench/size.mjs            print the table and what the bytes are made of
//   node bench/size.mjs --check    also exit 1 when an entry is over its budget (CI: `npm run bench:size`)
//   node bench/size.mjs --json     print the measurements as JSON
//
// The budgets are checked against esbuild (issue 6 names it, and the SDK's own ~88 KB gz in NOTES.md was measured
// with it). Vite 8's build (rolldown + oxc minifier) is printed beside it for information: it is what a Vite app
// ships, and it tree-shakes a little harder. Entries are bundled from src/, so no prior build is needed.
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import { build as viteBuild } from 'vite';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SRC = fileURLToPath(new URL('../src/', import.meta.url));
const KB = 1024;

/**
 * One row per public entry. `code` is the consumer's module: it imports exactly what an app imports and
 * re-exports it, so the bundler keeps it (and everything it reaches) and shakes out the rest.
 * Budgets (issue 6): the callback page must stay tiny (no MCP SDK); the React entry is the SDK v2 client
 * (~88 KB gz alone) plus our own lean layer. Issue 12 gave the callback page 0.5 KB more: it is where a token
 * endpoint without CORS headers fails (Sentry, GitHub), so it routes the code exchange through the app's proxy
 * and says why a fetch failed (the diagnosis itself and the proxy's request rewriting load only when needed).
 */
export const ENTRIES = [
  { name: 'mcp-use/react', imports: 'useMcp', file: 'react.ts', platform: 'browser', budgetGzip: 99 * KB },
  {
    name: 'mcp-use/auth',
    imports: 'onMcpAuthorization',
    file: 'auth.ts',
    platform: 'browser',
    budgetGzip: 10.5 * KB,
  },
  { name: 'mcp-use', imports: 'MCPClient', file: 'index.ts', platform: 'node', budgetGzip: undefined },
  // Server code (the app's backend, Workers included): no budget, shown for what a worker deploys.
  {
    name: 'mcp-use/proxy',
    imports: 'createProxyHandler, toNodeHandler',
    file: 'proxy.ts',
    platform: 'node',
    budgetGzip: undefined,
  },
  // A page that shows MCP Apps imports both. No budget of its own: what it adds to the first load is what the app
  // bridge shares with `useMcp` (the SDK, zod); the bridge itself, ext-apps and the sandbox wiring load on demand.
  {
    name: 'mcp-use/react/apps',
    imports: 'McpApp',
    file: 'react-apps.ts',
    platform: 'browser',
    budgetGzip: undefined,
    with: [{ imports: 'useMcp', file: 'react.ts' }],
  },
];

const consumerCode = (entry) =>
  entry.code ??
  [entry, ...(entry.with ?? [])]
    .map((part) => `export { ${part.imports} } from ${JSON.stringify(`${SRC}${part.file}`)};`)
    .join('\n');

/** React is the app's own: it is not part of what mcp-use ships. */
const REACT_EXTERNALS = ['react', 'react/*', 'react-dom', 'react-dom/*'];

const CONSUMER = 'bench-size-consumer';

/**
 * Bundles with code splitting on, as app bundlers do: what a page loads first is the entry chunk (the budget);
 * modules behind a dynamic `import()` (the OAuth engine) land in chunks fetched only when needed.
 */
export async function bundleWithEsbuild(entry) {
  const result = await esbuild.build({
    entryPoints: [CONSUMER],
    plugins: [
      {
        // Serves the consumer module from memory, so nothing is written into the repository.
        name: CONSUMER,
        setup(build) {
          build.onResolve({ filter: new RegExp(`^${CONSUMER}$`) }, () => ({
            path: CONSUMER,
            namespace: CONSUMER,
          }));
          build.onLoad({ filter: /^bench-size-consumer$/, namespace: CONSUMER }, () => ({
            contents: consumerCode(entry),
            resolveDir: ROOT,
            loader: 'js',
          }));
          // A module replaced by a stand-in, to measure what it costs (bench/sizeFloor.mjs).
          for (const specifier of Object.keys(entry.stubs ?? {})) {
            const filter = new RegExp(`^${specifier.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`);
            build.onResolve({ filter }, () => ({ path: specifier, namespace: `${CONSUMER}-stub` }));
          }
          build.onLoad({ filter: /.*/, namespace: `${CONSUMER}-stub` }, (args) => ({
            contents: entry.stubs[args.path],
            resolveDir: ROOT,
            loader: 'js',
          }));
        },
      },
    ],
    bundle: true,
    splitting: true,
    outdir: 'bench-size-out',
    minify: true,
    format: 'esm',
    platform: entry.platform,
    target: 'es2022',
    external: REACT_EXTERNALS,
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const outputs = Object.entries(result.metafile.outputs);
  // The consumer module's chunk: other outputs with an entryPoint are the targets of dynamic imports.
  const entryName = outputs.find(([, output]) => output.entryPoint?.endsWith(CONSUMER))?.[0];
  const byPath = new Map(
    result.outputFiles.map((file) => [file.path.slice(file.path.lastIndexOf('bench-size-out')), file]),
  );
  const file = entryName ? byPath.get(entryName) : undefined;
  if (!file) throw new Error(`${entry.name}: esbuild produced no entry chunk`);
  // Chunks the entry imports statically — directly or through another such chunk — load with it; the rest load
  // on demand.
  const initial = new Set([entryName]);
  const pending = [entryName];
  while (pending.length > 0) {
    for (const { path, kind } of result.metafile.outputs[pending.pop()]?.imports ?? []) {
      if (kind !== 'import-statement' || initial.has(path) || !result.metafile.outputs[path]) continue;
      initial.add(path);
      pending.push(path);
    }
  }
  let initialCode = Buffer.alloc(0);
  let lazyBytes = 0;
  const lazyChunks = [];
  for (const [name, output] of outputs) {
    if (name.endsWith('.map')) continue;
    const bytes = Buffer.from(byPath.get(name)?.contents ?? []);
    if (initial.has(name)) initialCode = Buffer.concat([initialCode, bytes]);
    else {
      lazyBytes += bytes.length;
      // Named after what the dynamic import() loads: our module (McpAppFrame, BrowserOAuth) or a package (jose).
      const loaded = output.entryPoint ?? name;
      const module = loaded.includes('node_modules/')
        ? packageOf(loaded)
        : loaded.replace(/^.*\//, '').replace(/\.[jt]sx?$/, '');
      lazyChunks.push({ module, minBytes: bytes.length, gzipBytes: gzip(bytes) });
    }
  }
  // What the first chunk is made of, module by module (the budget check names the heaviest when it fails).
  const initialModules = [...initial]
    .flatMap((name) => Object.entries(result.metafile.outputs[name].inputs))
    .filter(([, { bytesInOutput }]) => bytesInOutput > 0)
    .map(([input, { bytesInOutput }]) => ({
      module: input.replace(/^.*node_modules\//, ''),
      minBytes: bytesInOutput,
    }))
    .sort((a, b) => b.minBytes - a.minBytes);
  return { code: initialCode, lazyMinBytes: lazyBytes, lazyChunks, initialModules };
}

const VIRTUAL_ENTRY = 'virtual:bench-size-entry';

export async function bundleWithVite(entry) {
  const node = entry.platform === 'node';
  const code = consumerCode(entry);
  const output = await viteBuild({
    configFile: false,
    envDir: false,
    publicDir: false,
    logLevel: 'silent',
    root: ROOT,
    plugins: [
      {
        // Serves the consumer module from memory, so nothing is written into the repository.
        name: 'bench-size-entry',
        enforce: 'pre',
        resolveId: (id) => (id === VIRTUAL_ENTRY || entry.stubs?.[id] !== undefined ? `\0${id}` : undefined),
        load: (id) =>
          id === `\0${VIRTUAL_ENTRY}` ? code : id.startsWith('\0') ? entry.stubs?.[id.slice(1)] : undefined,
      },
    ],
    // A Node build resolves `node` export conditions and bundles dependencies, as an app bundle would.
    ...(node ? { ssr: { noExternal: true, target: 'node' } } : {}),
    build: {
      write: false,
      minify: true,
      target: 'es2022',
      sourcemap: false,
      copyPublicDir: false,
      reportCompressedSize: false,
      modulePreload: false,
      ...(node ? { ssr: true } : {}),
      rollupOptions: {
        input: VIRTUAL_ENTRY,
        preserveEntrySignatures: 'exports-only',
        external: [/^react($|\/)/, /^react-dom($|\/)/],
        output: { format: 'es' },
      },
    },
  });
  const chunks = (Array.isArray(output) ? output : [output])
    .flatMap((result) => result.output)
    .filter((item) => item.type === 'chunk');
  // What the page loads first: the entry chunk and the chunks it imports statically.
  const byName = new Map(chunks.map((chunk) => [chunk.fileName, chunk]));
  const entryChunk = chunks.find((chunk) => chunk.isEntry);
  if (!entryChunk) throw new Error(`${entry.name}: vite produced no entry chunk`);
  const initial = [entryChunk, ...entryChunk.imports.map((name) => byName.get(name)).filter(Boolean)];
  return Buffer.from(initial.map((chunk) => chunk.code).join('\n'), 'utf8');
}

export const gzip = (bytes) => gzipSync(bytes, { level: 9 }).length;

/** The package an input file belongs to (`src` for our own code). */
function packageOf(input) {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
  if (match) return match[1];
  return input.startsWith('src/') ? 'src (mcp-use)' : input;
}

/**
 * Minified bytes per package in the first chunk, largest first. Chunks loaded on demand are not counted: an
 * `import()` esbuild finds anywhere in a bundled file becomes a chunk even when nothing can call it (the SDK's
 * `import("jose")` for DPoP and private_key_jwt, which this package never uses), and such a chunk is never fetched.
 */
function composition(initialModules) {
  const byPackage = new Map();
  for (const { module, minBytes } of initialModules) {
    const name = module.startsWith('src/') ? 'src (mcp-use)' : packageOf(`node_modules/${module}`);
    byPackage.set(name, (byPackage.get(name) ?? 0) + minBytes);
  }
  return [...byPackage].sort((a, b) => b[1] - a[1]).map(([name, bytes]) => ({ name, minBytes: bytes }));
}

/** Measures every entry: minified and minified+gzip bytes with esbuild (budgets) and with Vite 8. */
export async function measureSizes() {
  const rows = [];
  for (const entry of ENTRIES) {
    const { code, lazyMinBytes, lazyChunks, initialModules } = await bundleWithEsbuild(entry);
    const vite = await bundleWithVite(entry);
    rows.push({
      entry: entry.name,
      imports: [entry, ...(entry.with ?? [])].map((part) => part.imports).join(' + '),
      platform: entry.platform,
      minBytes: code.length,
      gzipBytes: gzip(code),
      lazyMinBytes,
      lazyChunks,
      viteMinBytes: vite.length,
      viteGzipBytes: gzip(vite),
      budgetGzip: entry.budgetGzip,
      composition: composition(initialModules),
      heaviestModules: initialModules.slice(0, 8),
    });
  }
  return rows;
}

export const overBudget = (row) => row.budgetGzip !== undefined && row.gzipBytes > row.budgetGzip;

/** What a failed budget check prints: the overrun and the heaviest modules of the first chunk, where to look. */
export function budgetFailure(row) {
  const heaviest = row.heaviestModules.map((part) => `  ${kb(part.minBytes).padStart(9)}  ${part.module}`);
  return [
    `size budget exceeded: ${row.entry} is ${row.gzipBytes} B gzip > ${row.budgetGzip} B ` +
      `(over by ${row.gzipBytes - row.budgetGzip} B). Heaviest modules of its first chunk (minified):`,
    ...heaviest,
    '  Move what a connection does not need behind an import(), or make it pay for itself.',
  ].join('\n');
}

const kb = (bytes) => `${(bytes / KB).toFixed(1)} KB`;

export function formatSizeTable(rows) {
  const lines = [
    '| entry | import | platform | min (esbuild) | min+gzip (esbuild) | budget (gzip) | min+gzip (vite 8) | loaded on demand (min) |',
    '|---|---|---|---:|---:|---|---:|---:|',
  ];
  for (const row of rows) {
    const left = row.budgetGzip === undefined ? 0 : row.budgetGzip - row.gzipBytes;
    const budget =
      row.budgetGzip === undefined
        ? '—'
        : `${kb(row.budgetGzip)}: ${overBudget(row) ? `**over by ${-left} B**` : `ok, ${left} B left`}`;
    lines.push(
      `| \`${row.entry}\` | \`${row.imports}\` | ${row.platform} | ${row.minBytes} B (${kb(row.minBytes)}) | ` +
        `${row.gzipBytes} B (${kb(row.gzipBytes)}) | ${budget} | ${row.viteGzipBytes} B (${kb(row.viteGzipBytes)}) | ` +
        `${row.lazyMinBytes ? kb(row.lazyMinBytes) : '—'} |`,
    );
  }
  return lines.join('\n');
}

/** The largest contributors to each entry, in minified bytes (gzip does not split by module). */
export function formatComposition(rows, top = 6) {
  return rows
    .map((row) => {
      const parts = row.composition
        .slice(0, top)
        .map((part) => `${part.name} ${kb(part.minBytes)}`)
        .join(', ');
      const lazy = row.lazyChunks
        .filter((chunk) => chunk.minBytes > KB)
        .map((chunk) => `${chunk.module} ${kb(chunk.minBytes)} (${kb(chunk.gzipBytes)} gzip)`)
        .join(', ');
      return `- \`${row.entry}\` (first chunk, minified, by package): ${parts}${lazy ? `; on demand: ${lazy}` : ''}`;
    })
    .join('\n');
}

async function main() {
  const args = new Set(process.argv.slice(2));
  const rows = await measureSizes();
  if (args.has('--json')) process.stdout.write(`${JSON.stringify(rows)}\n`);
  else console.log(`${formatSizeTable(rows)}\n\n${formatComposition(rows)}`);
  const over = rows.filter(overBudget);
  if (args.has('--check') && over.length > 0) {
    for (const row of over) console.error(budgetFailure(row));
    process.exitCode = 1;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
