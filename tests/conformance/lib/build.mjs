// Bundles the clients under test from the sources (src/), so a run tests the working tree without a prior
// `npm run build`: the Node client for the machine's Node, the browser app and its callback page for Chromium.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

/** Samples import the package by name (`mcp-use/auth`); bundle the sources in its place. */
function packageFromSources(root) {
  const entries = {
    'mcp-use': 'src/index.ts',
    'mcp-use/auth': 'src/auth.ts',
    'mcp-use/react': 'src/react.ts',
  };
  return {
    name: 'mcp-use-from-sources',
    setup(build) {
      build.onResolve({ filter: /^mcp-use(\/auth|\/react)?$/ }, (args) => ({
        path: join(root, entries[args.path]),
      }));
    },
  };
}

/**
 * @param {{ root: string, outDir: string, plugins?: import('esbuild').Plugin[] }} options
 * @returns {Promise<{ nodeClient: string, pageDir: string }>}
 */
export async function buildClients({ root, outDir, plugins = [] }) {
  const here = join(root, 'tests', 'conformance');
  const pageDir = join(outDir, 'page');
  mkdirSync(pageDir, { recursive: true });
  const common = {
    bundle: true,
    logLevel: 'warning',
    plugins: [packageFromSources(root), ...plugins],
    absWorkingDir: root,
    sourcemap: 'inline',
  };
  await Promise.all([
    build({
      ...common,
      entryPoints: [join(here, 'clients', 'node-client.ts')],
      outfile: join(outDir, 'node-client.mjs'),
      platform: 'node',
      format: 'esm',
      target: 'node20',
      // Dependencies load from node_modules as they would in an application.
      packages: 'external',
    }),
    // The app's backend side for the browser client: the proxy that holds a confidential client's secret.
    build({
      ...common,
      entryPoints: [join(root, 'src', 'proxy.ts')],
      outfile: join(outDir, 'proxy.mjs'),
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
    }),
    build({
      ...common,
      entryPoints: {
        app: join(here, 'page', 'app.tsx'),
        callback: join(here, 'page', 'callback.tsx'),
      },
      outdir: pageDir,
      platform: 'browser',
      format: 'esm',
      target: 'chrome120',
      jsx: 'automatic',
      define: { 'process.env.NODE_ENV': '"production"' },
    }),
  ]);
  return { nodeClient: join(outDir, 'node-client.mjs'), pageDir };
}
