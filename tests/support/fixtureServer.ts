import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { createServer, type Plugin, type ViteDevServer } from 'vite';
import { proxyMounts } from '../gallery/cors/support/corsQuirks.ts';
import { OPTIMIZED_DEPS } from './optimizedDeps.ts';

/**
 * A plain Vite dev server for the app pages under tests/browser/fixtures. Vitest's own server rewrites dynamic
 * `import()` for its test runner, which only exists in the test frame; a full app page (redirect sign-in, reload)
 * needs what an app's dev server serves.
 */
let server: Promise<ViteDevServer> | undefined;

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Where an app that names no `callbackUrl` gets the sign-in response (BrowserOAuth's default). */
const DEFAULT_CALLBACK_PATH = '/callback';
const APP_PAGE = '/tests/browser/fixtures/oauth-app.html';

/**
 * What the tests need from an app's server beyond static files: a single-page app's server answers every path
 * with the app (here: the default callback path), and any page can be sent with a Cross-Origin-Opener-Policy
 * (`?coop=same-origin`), as an app or its callback page may be.
 */
const appServer: Plugin = {
  name: 'mcp-use-test-app-server',
  configureServer(vite) {
    vite.middlewares.use((req, res, next) => {
      const url = new URL(req.url ?? '/', 'http://fixture');
      const coop = url.searchParams.get('coop');
      if (coop) res.setHeader('Cross-Origin-Opener-Policy', coop);
      if (url.pathname === DEFAULT_CALLBACK_PATH) req.url = `${APP_PAGE}${url.search}`;
      next();
    });
  },
};
const src = (file: string) => fileURLToPath(new URL(`../../src/${file}`, import.meta.url));

export async function fixtureOrigin(): Promise<string> {
  server ??= (async () => {
    const vite = await createServer({
      root,
      configFile: false,
      logLevel: 'silent',
      // The app's proxy of the quirk gallery's CORS kinds, on the app's origin as in an app.
      plugins: [appServer, proxyMounts(), react()],
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
