// Serves the sandbox proxy page (built from src by scripts/build-sandbox-proxy.mjs) at /sandbox-proxy.html on
// 127.0.0.1, so <McpApp> in a test or the playground gets a proxy on an origin of its own, as an app would.
//
//   node tests/servers/sandbox-proxy-server.mjs [--port N]
//
// Prints `LISTENING <port>`.
import http from 'node:http';
import { parseArgs } from 'node:util';
import { buildSandboxProxyHtml } from '../../scripts/build-sandbox-proxy.mjs';

const { values } = parseArgs({ options: { port: { type: 'string', default: '0' } }, strict: true });
const html = await buildSandboxProxyHtml();

const server = http.createServer((req, res) => {
  const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
  if (req.method !== 'GET' || path !== '/sandbox-proxy.html') return res.writeHead(404).end();
  res.writeHead(200, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end(html);
});
server.listen(Number(values.port), '127.0.0.1', () => {
  process.stdout.write(`LISTENING ${server.address().port}\n`);
});
for (const signal of ['SIGTERM', 'SIGINT']) process.once(signal, () => server.close(() => process.exit(0)));
