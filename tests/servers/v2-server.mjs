// A dual-era MCP server on the v2 SDK at /mcp:
// - 2026-07-28 ("modern") traffic goes to `createMcpHandler`: stateless, one server instance per request,
//   `server/discover` instead of `initialize`, list-changed delivered on `subscriptions/listen` streams.
// - 2025 ("legacy") traffic (`initialize` first) goes to a stateful Streamable HTTP leg with Mcp-Session-Id and
//   the standalone GET stream, so legacy clients get list-changed notifications as well. (The SDK's built-in
//   legacy fallback is stateless and answers GET with 405, which would leave them without notifications.)
//   node tests/servers/v2-server.mjs [--port N] [--bearer TOKEN] [--empty]
import { randomUUID } from 'node:crypto';
import {
  createMcpHandler,
  isInitializeRequest,
  isLegacyRequest,
  McpServer,
  OAuthError,
  OAuthErrorCode,
  ResourceTemplate,
  requireBearerAuth,
  WebStandardStreamableHTTPServerTransport,
} from '@modelcontextprotocol/server';
import {
  createBaseApp,
  createStats,
  listen,
  parseServerArgs,
  rememberTool,
  runServer,
  tokenExpiry,
} from './common.mjs';
import { buildServer, registerExtraTool, TOOL_NAMES } from './fixtures.mjs';
import { sendWebResponse } from './webResponse.mjs';

/** Rebuilds the Node request as a web `Request`; the body comes from the bytes common.mjs already read. */
function toWebRequest(req, signal) {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else if (value !== undefined) headers.set(name, value);
  }
  const url = new URL(req.originalUrl, `http://${req.headers.host ?? '127.0.0.1'}`);
  const hasBody = req.rawBody !== undefined && req.method !== 'GET' && req.method !== 'HEAD';
  return new Request(url, { method: req.method, headers, body: hasBody ? req.rawBody : undefined, signal });
}

/** Express middleware around the v2 SDK's web-standard bearer gate (401 + `WWW-Authenticate: Bearer …`). */
function v2BearerMiddleware(expected) {
  const gate = requireBearerAuth({
    verifier: {
      async verifyAccessToken(token) {
        if (token !== expected) throw new OAuthError(OAuthErrorCode.InvalidToken, 'Unknown token');
        return { token, clientId: 'test-client', scopes: [], expiresAt: tokenExpiry() };
      },
    },
  });
  return async (req, res, next) => {
    // The gate only reads the Authorization header, so a header-only Request is enough.
    const auth = await gate(
      new Request('http://127.0.0.1/', { headers: { authorization: req.headers.authorization ?? '' } }),
    );
    if (auth instanceof Response) return sendWebResponse(res, auth);
    req.auth = auth;
    next();
  };
}

function jsonRpcErrorResponse(status, code, message) {
  return Response.json({ jsonrpc: '2.0', id: null, error: { code, message } }, { status });
}

/** The stateful 2025 leg: one server instance and transport per Mcp-Session-Id. */
function createLegacyLeg(factory) {
  const sessions = new Map();

  async function open(request, parsedBody, authInfo) {
    const server = factory({ era: 'legacy' });
    const transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        sessions.set(id, { server, transport });
      },
    });
    // Set before connect(): the SDK chains its own onclose after this one.
    transport.onclose = () => {
      if (transport.sessionId) sessions.delete(transport.sessionId);
    };
    await server.connect(transport);
    return transport.handleRequest(request, { parsedBody, authInfo });
  }

  async function handle(request, parsedBody, authInfo) {
    const sessionId = request.headers.get('mcp-session-id');
    if (sessionId) {
      const session = sessions.get(sessionId);
      if (!session) return jsonRpcErrorResponse(404, -32001, 'Session not found');
      return session.transport.handleRequest(request, { parsedBody, authInfo });
    }
    if (request.method === 'POST' && isInitializeRequest(parsedBody))
      return open(request, parsedBody, authInfo);
    return jsonRpcErrorResponse(400, -32000, 'Bad Request: no valid session ID provided');
  }

  const servers = () => [...sessions.values()].map(({ server }) => server);
  return { handle, servers };
}

async function main() {
  const options = parseServerArgs();
  const extraTools = new Set();
  const factory = () =>
    buildServer({
      generation: 'v2',
      McpServer,
      ResourceTemplate,
      name: 'v2-test-server',
      empty: options.empty,
      extraTools,
    });
  // 'reject': legacy traffic never reaches this handler, the stateful leg below serves it.
  const modern = createMcpHandler(factory, {
    legacy: 'reject',
    onerror: (error) => process.stderr.write(`mcp handler: ${error.message}\n`),
  });
  const legacy = createLegacyLeg(factory);

  async function handleMcp(req, res) {
    const controller = new AbortController();
    res.once('close', () => controller.abort());
    const request = toWebRequest(req, controller.signal);
    const response = (await isLegacyRequest(request, req.body))
      ? await legacy.handle(request, req.body, req.auth)
      : await modern.fetch(request, { parsedBody: req.body, authInfo: req.auth });
    await sendWebResponse(res, response);
  }

  const onAddTool = (name) => {
    if (!rememberTool(extraTools, name, options.empty ? [] : TOOL_NAMES)) return false;
    // Legacy sessions: registering on the connected instance sends tools/list_changed on its GET stream.
    for (const server of legacy.servers()) registerExtraTool(server, name);
    // Modern: new per-request instances pick the tool up from extraTools; open listen streams are told here.
    modern.notify.toolsChanged();
    return true;
  };

  const stats = createStats();
  const app = createBaseApp({
    mcpPaths: ['/mcp'],
    stats,
    onAddTool,
    authenticate: options.bearer ? v2BearerMiddleware(options.bearer) : undefined,
  });
  app.all(['/mcp', '/mcp/*path'], handleMcp);

  listen(app, options.port, async () => {
    await Promise.allSettled([modern.close(), ...legacy.servers().map((server) => server.close())]);
  });
}

runServer(main);
