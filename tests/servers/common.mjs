// Plumbing shared by the test servers: command-line flags, CORS, request statistics, the `/__control/*`
// endpoints, loopback-only listening and clean shutdown. Each server adds its own MCP routes on top.
import http from 'node:http';
import { parseArgs } from 'node:util';
import express from 'express';

const HOST = '127.0.0.1';
const MAX_BODY_BYTES = 4 * 1024 * 1024;
const SHUTDOWN_GRACE_MS = 3_000;
const TOOL_NAME = /^[A-Za-z0-9_.-]{1,64}$/;

/** Request headers browsers may send; used when a preflight does not list what it wants. */
const DEFAULT_ALLOWED_HEADERS =
  'authorization, content-type, mcp-protocol-version, mcp-session-id, mcp-method, mcp-name, last-event-id';

/** `--port N` (0 = any free port), `--bearer TOKEN`, `--empty`. */
export function parseServerArgs(argv = process.argv.slice(2)) {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: '0' },
      bearer: { type: 'string' },
      empty: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`invalid --port: ${values.port}`);
  if (values.bearer === '') throw new Error('--bearer needs a token');
  return { port, bearer: values.bearer, empty: values.empty };
}

/**
 * Counters behind `GET /__control/stats`. `openStreams` is a gauge of long-lived streams that are open right
 * now, so a reset leaves it alone (zeroing it would go negative when those streams close).
 */
export function createStats() {
  let requests = 0;
  let methods = {};
  let openStreams = 0;
  const bump = (name) => {
    methods[name] = (methods[name] ?? 0) + 1;
  };
  return {
    countRequest(httpMethod, body) {
      requests += 1;
      if (httpMethod !== 'POST') return bump(httpMethod);
      for (const message of Array.isArray(body) ? body : [body]) {
        if (message && typeof message.method === 'string') bump(message.method);
      }
    },
    trackStream(res) {
      openStreams += 1;
      res.once('close', () => {
        openStreams -= 1;
      });
    },
    snapshot: () => ({ requests, methods: { ...methods }, openStreams }),
    reset() {
      requests = 0;
      methods = {};
    },
  };
}

/** A stream outlives its request: the legacy standalone GET / SSE stream, or a modern `subscriptions/listen`. */
function isLongLivedStream(req) {
  if (req.method === 'GET') return true;
  const messages = Array.isArray(req.body) ? req.body : [req.body];
  return req.method === 'POST' && messages.some((message) => message?.method === 'subscriptions/listen');
}

/**
 * CORS for browser clients on other loopback ports. Registered first so that every answer, a 401 included,
 * carries the headers the browser needs to let the page read it.
 */
function cors(req, res, next) {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Access-Control-Expose-Headers', 'Mcp-Session-Id, Mcp-Protocol-Version, WWW-Authenticate');
  if (req.method !== 'OPTIONS') return next();
  res.setHeader('Access-Control-Allow-Methods', 'GET, POST, DELETE, OPTIONS');
  // Echoing the requested headers also admits any custom `x-*` header a client adds.
  res.setHeader(
    'Access-Control-Allow-Headers',
    req.headers['access-control-request-headers'] || DEFAULT_ALLOWED_HEADERS,
  );
  if (req.headers['access-control-request-private-network']) {
    res.setHeader('Access-Control-Allow-Private-Network', 'true');
  }
  res.setHeader('Access-Control-Max-Age', '600');
  res.setHeader('Vary', 'Access-Control-Request-Headers');
  res.status(204).end();
}

export function sendJsonRpcError(res, status, code, message) {
  res.status(status).json({ jsonrpc: '2.0', id: null, error: { code, message } });
}

/**
 * Reads a POST body once, keeping both the bytes (`req.rawBody`, for the web-standard v2 handler) and the
 * parsed JSON (`req.body`, which both SDKs accept as `parsedBody`), so statistics can see the JSON-RPC methods
 * without consuming the stream the transports would read.
 */
async function readBody(req, res, next) {
  if (req.method !== 'POST') return next();
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return sendJsonRpcError(res, 413, -32600, 'Request body too large');
    chunks.push(chunk);
  }
  req.rawBody = Buffer.concat(chunks);
  try {
    req.body = JSON.parse(req.rawBody.toString('utf8'));
  } catch {
    return sendJsonRpcError(res, 400, -32700, 'Parse error: body is not JSON');
  }
  next();
}

function mountControl(app, stats, onAddTool) {
  app.get('/__control/stats', (_req, res) => {
    res.json(stats.snapshot());
  });
  app.post('/__control/reset-stats', (_req, res) => {
    stats.reset();
    res.json(stats.snapshot());
  });
  app.post('/__control/add-tool', express.json(), async (req, res) => {
    const name = req.body?.name;
    if (typeof name !== 'string' || !TOOL_NAME.test(name)) {
      return res.status(400).type('text/plain').send('name must match [A-Za-z0-9_.-]{1,64}');
    }
    const added = await onAddTool(name);
    if (!added) return res.status(409).type('text/plain').send(`tool ${name} already exists`);
    res.type('text/plain').send('added');
  });
}

/**
 * The express app every server starts from. Order matters: CORS, then the control endpoints (no auth), then
 * for the MCP paths: body reading and request counting (so 401s are counted too), the bearer check, and the
 * stream gauge (after auth, so a refused stream never counts as open).
 */
export function createBaseApp({ mcpPaths, stats, onAddTool, authenticate }) {
  const app = express();
  app.disable('x-powered-by');
  app.use(cors);
  mountControl(app, stats, onAddTool);
  app.use(mcpPaths, readBody, (req, _res, next) => {
    stats.countRequest(req.method, req.body);
    next();
  });
  if (authenticate) app.use(mcpPaths, authenticate);
  app.use(mcpPaths, (req, res, next) => {
    if (isLongLivedStream(req)) stats.trackStream(res);
    next();
  });
  return app;
}

/** Adds the tool to the shared list; false when the name is taken. */
export function rememberTool(extraTools, name, builtInNames) {
  if (extraTools.has(name) || builtInNames.includes(name)) return false;
  extraTools.add(name);
  return true;
}

/** Expiry far enough away that the SDKs' bearer middlewares (which refuse tokens without one) accept it. */
export function tokenExpiry() {
  return Math.floor(Date.now() / 1000) + 3600;
}

/**
 * Listens on loopback only and announces the bound port with exactly one `LISTENING <port>` line, the signal
 * the harness waits for. A failed listen (e.g. EADDRINUSE while a restart races the old process) exits 1 with
 * the error code on stderr so the harness can retry.
 */
export function listen(app, port, onShutdown) {
  const server = http.createServer(app);
  server.on('error', (error) => {
    process.stderr.write(`listen failed: ${error.code ?? ''} ${error.message}\n`);
    process.exit(1);
  });
  server.listen(port, HOST, () => {
    process.stdout.write(`LISTENING ${server.address().port}\n`);
  });
  installShutdown(server, onShutdown);
  return server;
}

function installShutdown(server, onShutdown) {
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    // Open SSE streams never end on their own: give the close a bounded grace period, then leave anyway.
    setTimeout(() => process.exit(0), SHUTDOWN_GRACE_MS).unref();
    try {
      await onShutdown?.();
    } catch (error) {
      process.stderr.write(`shutdown cleanup failed: ${error}\n`);
    }
    server.close(() => process.exit(0));
    server.closeAllConnections();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

/** Runs `main`, turning a startup failure into a message on stderr and exit code 1. */
export function runServer(main) {
  main().catch((error) => {
    process.stderr.write(`server failed to start: ${error?.stack ?? error}\n`);
    process.exit(1);
  });
}
