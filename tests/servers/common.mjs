// The express plumbing shared by the MCP test servers: their flags, CORS, request statistics and the
// `/__control/*` endpoints. Each server adds its own MCP routes on top; serverProcess.mjs runs it.
import express from 'express';
import { parseFlags } from './serverProcess.mjs';

const MAX_BODY_BYTES = 4 * 1024 * 1024;
const TOOL_NAME = /^[A-Za-z0-9_.-]{1,64}$/;

/** Request headers browsers may send; used when a preflight does not list what it wants. */
const DEFAULT_ALLOWED_HEADERS =
  'authorization, content-type, mcp-protocol-version, mcp-session-id, mcp-method, mcp-name, last-event-id';

/** `--port N` (0 = any free port), `--bearer TOKEN`, `--empty`. */
export function parseServerArgs(argv = process.argv.slice(2)) {
  const { port, bearer, empty } = parseFlags(
    { bearer: { type: 'string' }, empty: { type: 'boolean', default: false } },
    argv,
  );
  if (bearer === '') throw new Error('--bearer needs a token');
  return { port, bearer, empty };
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

/** Expiry far enough away that the SDKs' bearer middlewares (which refuse tokens without one) accept it. */
export function tokenExpiry() {
  return Math.floor(Date.now() / 1000) + 3600;
}
