// `npm run playground`: starts the demo MCP server on 127.0.0.1, then the Vite dev server for the playground
// page, and stops both (by PID) on Ctrl+C.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { createServer } from 'vite';

const root = dirname(fileURLToPath(import.meta.url));
const DEMO_TOKEN = 'demo-token';
const children = [];

/** Starts a demo server script and resolves with its port once it prints `LISTENING <port>`. */
async function startDemoServer(script, args) {
  const child = spawn(process.execPath, [join(root, '..', script), '--port', '0', ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  const lines = createInterface({ input: child.stdout });
  const timeout = setTimeout(() => child.kill('SIGKILL'), 15_000);
  try {
    for await (const line of lines) {
      const match = /^LISTENING (\d+)$/.exec(line.trim());
      if (match) return Number(match[1]);
    }
  } finally {
    clearTimeout(timeout);
  }
  throw new Error(`${script} exited before listening`);
}

function stopAll() {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
}
process.on('exit', stopAll);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    stopAll();
    process.exit(0);
  });
}

const bearerPort = await startDemoServer('tests/servers/v2-server.mjs', ['--bearer', DEMO_TOKEN]);
// A real authorization server with its login and consent pages, and one protected MCP server per OAuth scenario
// (tokens are kept per server, so each scenario signs in on its own).
const authPort = await startDemoServer('tests/servers/auth-server.mjs', []);
const issuer = `http://127.0.0.1:${authPort}`;
const oauthServers = {};
for (const scenario of ['popup', 'redirect', 'manual']) {
  const port = await startDemoServer('tests/servers/oauth-mcp-server.mjs', ['--issuer', issuer]);
  oauthServers[scenario] = `http://127.0.0.1:${port}/mcp`;
}

// MCP Apps: an example server published by the ext-apps project, and the sandbox proxy page on its own origin.
const appsPort = await startDemoServer('tests/servers/example-app-server.mjs', ['server-basic-react']);
const sandboxPort = await startDemoServer('tests/servers/sandbox-proxy-server.mjs', []);

const vite = await createServer({
  root,
  configFile: false,
  plugins: [react()],
  resolve: {
    alias: [
      { find: /^mcp-use\/react$/, replacement: join(root, '..', 'src', 'react.ts') },
      { find: /^mcp-use\/react\/apps$/, replacement: join(root, '..', 'src', 'react-apps.ts') },
      { find: /^mcp-use\/auth$/, replacement: join(root, '..', 'src', 'auth.ts') },
    ],
  },
  server: { host: '127.0.0.1', port: Number(process.env.PLAYGROUND_PORT ?? 5173), strictPort: false },
  define: {
    'import.meta.env.VITE_BEARER_MCP_URL': JSON.stringify(`http://127.0.0.1:${bearerPort}/mcp`),
    'import.meta.env.VITE_BEARER_TOKEN': JSON.stringify(DEMO_TOKEN),
    'import.meta.env.VITE_OAUTH_MCP_URLS': JSON.stringify(oauthServers),
    'import.meta.env.VITE_APPS_MCP_URL': JSON.stringify(`http://127.0.0.1:${appsPort}/mcp`),
    'import.meta.env.VITE_SANDBOX_PROXY_URL': JSON.stringify(
      `http://127.0.0.1:${sandboxPort}/sandbox-proxy.html`,
    ),
  },
});
await vite.listen();
vite.printUrls();
console.log(`PLAYGROUND ${vite.resolvedUrls?.local[0] ?? ''}`);
console.log(`Demo MCP server (bearer "${DEMO_TOKEN}"): http://127.0.0.1:${bearerPort}/mcp`);
console.log(`Authorization server: ${issuer} (sign in with any username and password)`);
for (const [scenario, url] of Object.entries(oauthServers))
  console.log(`OAuth MCP server (${scenario}): ${url}`);
console.log(`MCP Apps example server (server-basic-react): http://127.0.0.1:${appsPort}/mcp`);
console.log(`Sandbox proxy for MCP Apps: http://127.0.0.1:${sandboxPort}/sandbox-proxy.html`);
await once(process, 'beforeExit');
