// An MCP server with MCP Apps for the tests (v2 SDK, `createMcpHandler`, both protocol eras) at /mcp on 127.0.0.1:
// - `probe` (UI ui://test/probe.html): a well-behaved app that reports what the host sends it;
// - `hostile` (UI ui://test/hostile.html): an app that attacks its host (tests/servers/appViews.mjs); its CSP
//   declares this server's 127.0.0.1 origin in `connectDomains`, not its `localhost` one;
// - `app_echo` (visibility ["app"]), `model_only` (visibility ["model"]), `record_call` (both; counted per `from`);
// - resources: `test://public` (listed) and the template `test://items/{id}`; nothing else is declared, so a read
//   of any other URI (the hostile app tries `secret://token`) must be refused before it reaches the server.
// Counts every tools/call and resources/read, and keeps the client capabilities each request carried.
//
//   node tests/servers/apps-server.mjs [--port N] [--legacy]
//
// `--legacy` answers the 2026-07-28 `server/discover` probe with 400, so clients fall back to `initialize`.
// Prints `LISTENING <port>`. Control: GET /__control/stats, GET /__control/ping.
import http from 'node:http';
import { parseArgs } from 'node:util';
import { createMcpHandler, McpServer, ResourceTemplate } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { hostileView, PROBE_VIEW } from './appViews.mjs';
import { readRequestBody, sendWebResponse } from './webResponse.mjs';

const HOST = '127.0.0.1';
const MAX_BODY_BYTES = 1024 * 1024;
const SHUTDOWN_GRACE_MS = 3_000;
const UI_MIME = 'text/html;profile=mcp-app';
const CAPABILITIES_META_KEY = 'io.modelcontextprotocol/clientCapabilities';

const { values } = parseArgs({
  options: { port: { type: 'string', default: '0' }, legacy: { type: 'boolean', default: false } },
  strict: true,
});
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`invalid --port: ${values.port}`);

const stats = { calls: {}, reads: {}, initializeCapabilities: [], envelopeCapabilities: [] };
const bump = (table, key) => {
  table[key] = (table[key] ?? 0) + 1;
};
let origins;

const text = (value) => ({ content: [{ type: 'text', text: value }] });

function buildServer() {
  const server = new McpServer({ name: 'apps-test-server', version: '1.0.0' });
  const uiResource = (name, uri, html, meta) =>
    server.registerResource(name, uri, { mimeType: UI_MIME }, async () => ({
      contents: [{ uri, mimeType: UI_MIME, text: html(), ...(meta ? { _meta: { ui: meta() } } : {}) }],
    }));
  uiResource('probe', 'ui://test/probe.html', () => PROBE_VIEW);
  uiResource(
    'hostile',
    'ui://test/hostile.html',
    () => hostileView({ declaredOrigin: origins.loopback, undeclaredOrigin: origins.localhost }),
    () => ({
      csp: { connectDomains: [origins.loopback, "'unsafe-eval'", '*'] },
      permissions: { camera: {}, clipboardWrite: {} },
    }),
  );
  server.registerResource('public', 'test://public', { mimeType: 'text/plain' }, async (uri) => ({
    contents: [{ uri: uri.href, text: 'public' }],
  }));
  server.registerResource(
    'items',
    new ResourceTemplate('test://items/{id}', { list: undefined }),
    { mimeType: 'text/plain' },
    async (uri, { id }) => ({ contents: [{ uri: uri.href, text: `item ${id}` }] }),
  );

  server.registerPrompt(
    'greet',
    { description: 'A greeting', argsSchema: z.object({ name: z.string() }) },
    ({ name }) => ({ messages: [{ role: 'user', content: { type: 'text', text: `Hello, ${name}!` } }] }),
  );

  const appTool = (name, resourceUri, description) =>
    server.registerTool(
      name,
      { description, inputSchema: z.object({}).passthrough(), _meta: { ui: { resourceUri } } },
      async (args) => text(`${name} ran with ${JSON.stringify(args)}`),
    );
  appTool('probe', 'ui://test/probe.html', 'Shows the probe app');
  appTool('hostile', 'ui://test/hostile.html', 'Shows the hostile app');
  server.registerTool(
    'app_echo',
    {
      description: 'For the app only',
      inputSchema: z.object({ text: z.string() }),
      _meta: { ui: { visibility: ['app'] } },
    },
    async ({ text: value }) => text(`app says: ${value}`),
  );
  server.registerTool(
    'model_only',
    { description: 'For the model only', _meta: { ui: { visibility: ['model'] } } },
    async () => text('model only'),
  );
  server.registerTool(
    'record_call',
    { description: 'Counts who called it', inputSchema: z.object({ from: z.string() }) },
    async ({ from }) => {
      bump(stats.calls, `record_call:${from}`);
      return text(`recorded ${from}`);
    },
  );
  server.registerTool(
    'slow_probe',
    {
      description: 'Shows the probe app after a while',
      inputSchema: z.object({ ms: z.number().max(10_000) }),
      _meta: { ui: { resourceUri: 'ui://test/probe.html' } },
    },
    async ({ ms }, ctx) => {
      await new Promise((resolve) => {
        const timer = setTimeout(resolve, ms);
        ctx.mcpReq.signal.addEventListener('abort', () => {
          clearTimeout(timer);
          resolve();
        });
      });
      return text('slow done');
    },
  );
  return server;
}

function record(body) {
  for (const message of Array.isArray(body) ? body : [body]) {
    if (!message || typeof message.method !== 'string') continue;
    if (message.method === 'tools/call') bump(stats.calls, message.params?.name);
    if (message.method === 'resources/read') bump(stats.reads, message.params?.uri);
    if (message.method === 'initialize')
      stats.initializeCapabilities.push(message.params?.capabilities ?? null);
    const envelope = message.params?._meta?.[CAPABILITIES_META_KEY];
    if (envelope) stats.envelopeCapabilities.push(envelope);
  }
}

function setCors(req, res) {
  res.setHeader('Access-Control-Allow-Origin', req.headers.origin ?? '*');
  res.setHeader('Access-Control-Expose-Headers', 'Mcp-Session-Id, Mcp-Protocol-Version, WWW-Authenticate');
  res.setHeader('Vary', 'Origin');
  if (req.method !== 'OPTIONS') return false;
  res.setHeader('Access-Control-Allow-Methods', 'GET, POST, DELETE, OPTIONS');
  res.setHeader(
    'Access-Control-Allow-Headers',
    req.headers['access-control-request-headers'] || 'content-type',
  );
  res.writeHead(204).end();
  return true;
}

const sendJson = (res, status, body) =>
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

const handler = createMcpHandler(buildServer, {
  onerror: (error) => process.stderr.write(`mcp handler error: ${error?.message ?? error}\n`),
});

const server = http.createServer(async (req, res) => {
  try {
    if (setCors(req, res)) return;
    const path = new URL(req.url ?? '/', origins.loopback).pathname;
    if (path === '/__control/stats') return sendJson(res, 200, stats);
    if (path === '/__control/ping') return sendJson(res, 200, { ok: true });
    if (path !== '/mcp') return sendJson(res, 404, { error: 'not_found' });
    const body = req.method === 'POST' ? await readRequestBody(req, MAX_BODY_BYTES) : Buffer.alloc(0);
    const parsed = body.length > 0 ? JSON.parse(body.toString('utf8')) : undefined;
    if (values.legacy && parsed?.method === 'server/discover') {
      return sendJson(res, 400, {
        jsonrpc: '2.0',
        id: parsed.id ?? null,
        error: { code: -32601, message: 'Method not found' },
      });
    }
    if (parsed) record(parsed);
    const abort = new AbortController();
    res.once('close', () => abort.abort());
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers))
      if (typeof value === 'string') headers.set(name, value);
    const request = new Request(new URL(req.url ?? '/', origins.loopback), {
      method: req.method,
      headers,
      body: body.length > 0 ? body : undefined,
      signal: abort.signal,
    });
    return await sendWebResponse(res, await handler.fetch(request, { parsedBody: parsed }));
  } catch (error) {
    process.stderr.write(`apps-server request failed: ${error?.stack ?? error}\n`);
    if (!res.headersSent) sendJson(res, 500, { error: 'server_error' });
    else res.end();
  }
});
server.on('error', (error) => {
  process.stderr.write(`listen failed: ${error.code ?? ''} ${error.message}\n`);
  process.exit(1);
});
server.listen(port, HOST, () => {
  const bound = server.address().port;
  origins = { loopback: `http://${HOST}:${bound}`, localhost: `http://localhost:${bound}` };
  process.stdout.write(`LISTENING ${bound}\n`);
});

const stop = () => {
  setTimeout(() => process.exit(0), SHUTDOWN_GRACE_MS).unref();
  void handler.close?.().catch(() => {});
  server.close(() => process.exit(0));
  server.closeAllConnections();
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
