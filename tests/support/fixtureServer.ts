import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { createServer, type ViteDevServer } from 'vite';
import { OPTIMIZED_DEPS } from './optimizedDeps.ts';

/**
 * A plain Vite dev server for the app pages under tests/browser/fixtures. Vitest's own server rewrites dynamic
 * `import()` for its test runner, which only exists in the test frame; a full app page (redirect sign-in, reload)
 * needs what an app's dev server serves.
 */
let server: Promise<ViteDevServer> | undefined;

const root = fileURLToPath(new URL('../..', import.meta.url));
const src = (file: string) => fileURLToPath(new URL(`../../src/${file}`, import.meta.url));

export async function fixtureOrigin(): Promise<string> {
  server ??= (async () => {
    const vite = await createServer({
      root,
      configFile: false,
      logLevel: 'silent',
      plugins: [react()],
      resolve: {
        alias: [
          { find: /^mcp-use\/react$/, replacement: src('react.ts') },
          { find: /^mcp-use\/react\/apps$/, replacement: src('react-apps.ts') },
          { find: /^mcp-use\/auth$/, replacement: src('auth.ts') },
        ],
      },
      optimizeDeps: { include: OPTIMIZED_DEPS },
      server: { host: '127.0.0.1', port: 0, strictPort: false, hmr: false },
    });
    await vite.listen();
    return vite;
  })();
  const vite = await server;
  const url = vite.resolvedUrls?.local[0];
  if (!url) throw new Error('the fixture server has no local URL');
  return new URL(url).origin;
}

export async function closeFixtureServer(): Promise<void> {
  const running = server;
  server = undefined;
  await (await running)?.close();
}
