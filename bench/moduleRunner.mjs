// The benches import TypeScript (theirs, the test-server helpers, src/) through Vite. One dev server in SSR mode
// serves every import for as long as the benches run: `runnerImport` closes its runner once the module is loaded,
// and then the package's own on-demand imports (the OAuth engine, the stdio transport) have nothing to load them.
import { createServer } from 'vite';

export async function withModules(run) {
  const server = await createServer({
    configFile: false,
    logLevel: 'error',
    appType: 'custom',
    server: { middlewareMode: true, hmr: false, ws: false },
    optimizeDeps: { noDiscovery: true },
  });
  try {
    return await run((path) => server.ssrLoadModule(path));
  } finally {
    await server.close();
  }
}
