// Next.js 16: what `useMcp` adds to an app's client JavaScript, built by Turbopack (Next's default) and by
// `next build --webpack`. Two apps that differ only in one client component calling `useMcp`; the difference
// between their client chunks is what the package adds, to the first load and in all. Next installs from the registry into .cache/
// (with the packed package, as an app installs it), so this runs in `npm run bench`, not in CI.
//
//   node bench/bundlers/next.mjs
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzip } from './chunks.mjs';
import { CONSUMERS, installPackedPackage } from './packedPackage.mjs';

export const NEXT_VERSION = '16.5.0';
const INSTALL_TIMEOUT_MS = 300_000;
const BUILD_TIMEOUT_MS = 300_000;
const KB = 1024;

const PAGES = {
  baseline: `'use client';\nexport default function Widget() {\n  return <p>hello</p>;\n}\n`,
  useMcp: `'use client';\nimport { useMcp } from 'mcp-use/react';\nexport default function Widget() {\n  const { state } = useMcp({ url: 'http://127.0.0.1:1/mcp' });\n  return <p>{state}</p>;\n}\n`,
};

/**
 * Runs a command in `cwd`; on failure, the error carries the end of what it printed. NODE_ENV is the build's own:
 * a Vite server earlier in the same process (bench/run.mjs) leaves `development` behind, which breaks `next build`.
 */
function run(command, args, cwd, timeout) {
  const { NODE_ENV: _inherited, ...env } = process.env;
  try {
    execFileSync(command, args, {
      cwd,
      stdio: 'pipe',
      timeout,
      maxBuffer: 64 * 1024 * 1024,
      env: { ...env, NEXT_TELEMETRY_DISABLED: '1' },
    });
  } catch (error) {
    const output = `${error.stdout ?? ''}${error.stderr ?? ''}`.trim().split('\n').slice(-15).join('\n');
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${output}`);
  }
}

function writeApp(dir, widget) {
  mkdirSync(join(dir, 'app'), { recursive: true });
  writeFileSync(
    join(dir, 'app', 'layout.jsx'),
    'export default function Layout({ children }) {\n  return <html lang="en"><body>{children}</body></html>;\n}\n',
  );
  writeFileSync(
    join(dir, 'app', 'page.jsx'),
    "import Widget from './Widget';\nexport default function Page() {\n  return <Widget />;\n}\n",
  );
  writeFileSync(join(dir, 'app', 'Widget.jsx'), widget);
  // Its own root: Next would otherwise take this repository (a lockfile further up) for the workspace and build
  // the repository's src/proxy.ts as the app's proxy.
  writeFileSync(
    join(dir, 'next.config.mjs'),
    `const root = ${JSON.stringify(dir)};\nexport default { turbopack: { root }, outputFileTracingRoot: root };\n`,
  );
}

/** One Next project (its own node_modules: next, react, the packed mcp-use), installed once per version. */
function installNextProject(tarball) {
  const dir = join(CONSUMERS, `next-${NEXT_VERSION}`);
  const react = JSON.parse(
    readFileSync(fileURLToPath(new URL('../../package.json', import.meta.url)), 'utf8'),
  ).devDependencies.react;
  writeFileSync(
    join(dir, 'package.json'),
    `${JSON.stringify({ name: 'bench-next', private: true, dependencies: { next: NEXT_VERSION, react, 'react-dom': react, 'mcp-use': `file:${tarball}` } }, null, 2)}\n`,
  );
  run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], dir, INSTALL_TIMEOUT_MS);
  return dir;
}

/**
 * The client chunks of the built app: those the prerendered page references load first (`initial`); the others
 * are fetched on demand. Each is gzipped on its own, as each is its own request.
 */
function chunkBytes(dir) {
  const page = readFileSync(join(dir, '.next', 'server', 'app', 'index.html'), 'utf8');
  const sizes = { initial: { minBytes: 0, gzipBytes: 0 }, all: { minBytes: 0, gzipBytes: 0 } };
  const walk = (path) => {
    for (const name of readdirSync(path)) {
      const child = join(path, name);
      if (statSync(child).isDirectory()) walk(child);
      else if (name.endsWith('.js')) {
        const code = readFileSync(child);
        const parts = page.includes(name) ? [sizes.initial, sizes.all] : [sizes.all];
        for (const part of parts) {
          part.minBytes += code.length;
          part.gzipBytes += gzip(code);
        }
      }
    }
  };
  walk(join(dir, '.next', 'static', 'chunks'));
  return sizes;
}

function build(dir, bundlerFlag) {
  rmSync(join(dir, '.next'), { recursive: true, force: true });
  run(join(dir, 'node_modules', '.bin', 'next'), ['build', ...bundlerFlag], dir, BUILD_TIMEOUT_MS);
  return chunkBytes(dir);
}

export function measureNext(log = () => undefined) {
  installPackedPackage();
  mkdirSync(join(CONSUMERS, `next-${NEXT_VERSION}`), { recursive: true });
  const packs = join(CONSUMERS, 'packs');
  const tarball = join(
    packs,
    readdirSync(packs).find((name) => name.endsWith('.tgz')),
  );
  log(`next: installing next@${NEXT_VERSION} and the packed package…`);
  const dir = installNextProject(tarball);
  const rows = [];
  for (const [bundler, flag] of [
    ['Turbopack', []],
    ['webpack', ['--webpack']],
  ]) {
    const sizes = {};
    for (const [name, widget] of Object.entries(PAGES)) {
      writeApp(dir, widget);
      log(`next: next build ${flag.join(' ')} (${name})…`);
      sizes[name] = build(dir, flag);
    }
    const added = (part, unit) => sizes.useMcp[part][unit] - sizes.baseline[part][unit];
    rows.push({
      bundler,
      baselineInitialGzipBytes: sizes.baseline.initial.gzipBytes,
      addedInitialMinBytes: added('initial', 'minBytes'),
      addedInitialGzipBytes: added('initial', 'gzipBytes'),
      addedAllGzipBytes: added('all', 'gzipBytes'),
    });
  }
  return rows;
}

const kb = (bytes) => `${(bytes / KB).toFixed(1)} KB`;

export function formatNext(rows) {
  return [
    `| Next.js ${NEXT_VERSION} | first load without \`useMcp\` (gzip) | first load added, min | first load added, min+gzip | all chunks added, min+gzip |`,
    '|---|---:|---:|---:|---:|',
    ...rows.map(
      (row) =>
        `| ${row.bundler} | ${kb(row.baselineInitialGzipBytes)} | ${kb(row.addedInitialMinBytes)} | ` +
        `${row.addedInitialGzipBytes} B (${kb(row.addedInitialGzipBytes)}) | ${kb(row.addedAllGzipBytes)} |`,
    ),
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(formatNext(measureNext((line) => console.error(line))));
}
