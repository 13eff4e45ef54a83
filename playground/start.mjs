// `npm run playground`: starts the demo MCP servers on 127.0.0.1 (a plain one, a bearer one, OAuth ones with a
// real authorization server, server-everything, an MCP Apps server), then the Vite dev server for the inspector
// page, which offers them as one-click entries, and stops them all (by PID) on Ctrl+C.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { createServer } from 'vite';

const root = dirname(fileURLToPath(import.meta.url));
const DEMO_TOKEN = 'demo-token';
const children = [];

/**
 * Starts a demo server script and resolves with its port once it prints `LISTENING <port>`. `options.raw`: the
 * script takes no `--port` (it reads `PORT` from the environment).
 */
async function startDemoServer(script, args, options = {}) {
  const portArgs = options.raw ? [] : ['--port', '0'];
  const child = spawn(
    process.execPath,
    [
      ...(options.nodeArgs ?? []),
      script.startsWith('/') ? script : join(root, '..', script),
      ...portArgs,
      ...args,
    ],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, ...options.env },
    },
  );
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

const plainPort = await startDemoServer('tests/servers/v2-server.mjs', []);
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

// The protocol's reference server, from its published package, in Streamable HTTP mode (bound to loopback).
const require = createRequire(import.meta.url);
const everythingBin = join(
  dirname(require.resolve('@modelcontextprotocol/server-everything/package.json')),
  'dist',
  'index.js',
);
const everythingPort = await startDemoServer(everythingBin, ['streamableHttp'], {
  raw: true,
  nodeArgs: ['--import', join(root, '..', 'tests', 'servers', 'everything-preload.mjs')],
  env: { PORT: '0' },
});

/** The inspector's one-click entries. */
const demoServers = [
  { name: 'Demo server', url: `http://127.0.0.1:${plainPort}/mcp` },
  { name: 'Bearer token', url: `http://127.0.0.1:${bearerPort}/mcp`, bearer: DEMO_TOKEN },
  { name: 'OAuth (popup)', url: oauthServers.popup },
  { name: 'OAuth (redirect)', url: oauthServers.redirect, useRedirectFlow: true },
  { name: 'server-everything', url: `http://127.0.0.1:${everythingPort}/mcp` },
  { name: 'MCP Apps (server-basic-react)', url: `http://127.0.0.1:${appsPort}/mcp` },
];

const vite = await createServer({
  root,
  configFile: false,
  plugins: [react()],
  // Pre-bundled up front, so the dev server never finds a dependency late and reloads the page.
  optimizeDeps: {
    include: [
      'react',
      'react-dom',
      'react-dom/client',
      'react/jsx-dev-runtime',
      '@rjsf/core',
      '@rjsf/utils',
      '@rjsf/validator-ajv8',
      '@modelcontextprotocol/client',
      '@modelcontextprotocol/ext-apps/app-bridge',
      'idb-keyval',
      'oauth4webapi',
    ],
  },
  resolve: {
    alias: [
      { find: /^mcp-use\/react$/, replacement: join(root, '..', 'src', 'react.ts') },
      { find: /^mcp-use\/react\/apps$/, replacement: join(root, '..', 'src', 'react-apps.ts') },
      { find: /^mcp-use\/auth$/, replacement: join(root, '..', 'src', 'auth.ts') },
    ],
  },
  server: { host: '127.0.0.1', port: Number(process.env.PLAYGROUND_PORT ?? 5173), strictPort: false },
  define: {
    'import.meta.env.VITE_DEMO_SERVERS': JSON.stringify(demoServers),
    // The reference samples at /samples.
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
console.log(
  `The reference samples: ${new URL('samples', vite.resolvedUrls?.local[0] ?? 'http://127.0.0.1/').href}`,
);
console.log(`Demo MCP server: http://127.0.0.1:${plainPort}/mcp`);
console.log(`Demo MCP server (bearer "${DEMO_TOKEN}"): http://127.0.0.1:${bearerPort}/mcp`);
console.log(`server-everything (Streamable HTTP): http://127.0.0.1:${everythingPort}/mcp`);
console.log(`Authorization server: ${issuer} (sign in with any username and password)`);
for (const [scenario, url] of Object.entries(oauthServers))
  console.log(`OAuth MCP server (${scenario}): ${url}`);
console.log(`MCP Apps example server (server-basic-react): http://127.0.0.1:${appsPort}/mcp`);
console.log(`Sandbox proxy for MCP Apps: http://127.0.0.1:${sandboxPort}/sandbox-proxy.html`);
await once(process, 'beforeExit');
