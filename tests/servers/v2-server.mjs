// A dual-era MCP server on the v2 SDK at /mcp:
// - 2026-07-28 ("modern") traffic goes to `createMcpHandler`: stateless, one server instance per request,
//   `server/discover` instead of `initialize`, list-changed delivered on `subscriptions/listen` streams.
// - 2025 ("legacy") traffic (`initialize` first) goes to a stateful Streamable HTTP leg with Mcp-Session-Id and
//   the standalone GET stream, so legacy clients get list-changed notifications as well. (The SDK's built-in
//   legacy fallback is stateless and answers GET with 405, which would leave them without notifications.)
//   node tests/servers/v2-server.mjs [--port N] [--bearer TOKEN] [--empty]
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
import { tokenExpiry } from './common.mjs';
import { runMcpTestServer } from './mcpTestServer.mjs';
import { createSessionTable } from './sessionTable.mjs';
import { sendWebResponse, toWebRequest } from './webResponse.mjs';

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
function createLegacyLeg(newServer) {
  const sessions = createSessionTable();

  async function handle(request, parsedBody, authInfo) {
    const sessionId = request.headers.get('mcp-session-id');
    if (sessionId) {
      const session = sessions.get(sessionId);
      if (!session) return jsonRpcErrorResponse(404, -32001, 'Session not found');
      return session.transport.handleRequest(request, { parsedBody, authInfo });
    }
    if (request.method === 'POST' && isInitializeRequest(parsedBody)) {
      const transport = await sessions.open(newServer(), WebStandardStreamableHTTPServerTransport);
      return transport.handleRequest(request, { parsedBody, authInfo });
    }
    return jsonRpcErrorResponse(400, -32000, 'Bad Request: no valid session ID provided');
  }

  return { handle, servers: sessions.instances };
}

runMcpTestServer({
  name: 'v2-test-server',
  sdk: { generation: 'v2', McpServer, ResourceTemplate },
  mcpPaths: ['/mcp'],
  bearerGate: v2BearerMiddleware,
  mount(app, newServer) {
    // 'reject': legacy traffic never reaches this handler, the stateful leg below serves it.
    const modern = createMcpHandler(newServer, {
      legacy: 'reject',
      onerror: (error) => process.stderr.write(`mcp handler: ${error.message}\n`),
    });
    const legacy = createLegacyLeg(newServer);

    app.all(['/mcp', '/mcp/*path'], async (req, res) => {
      const controller = new AbortController();
      res.once('close', () => controller.abort());
      // The body comes from the bytes common.mjs already read.
      const url = new URL(req.originalUrl, `http://${req.headers.host ?? '127.0.0.1'}`);
      const request = toWebRequest(req, url, req.rawBody, controller.signal);
      const response = (await isLegacyRequest(request, req.body))
        ? await legacy.handle(request, req.body, req.auth)
        : await modern.fetch(request, { parsedBody: req.body, authInfo: req.auth });
      await sendWebResponse(res, response);
    });

    return {
      // Legacy sessions: registering on the connected instance sends tools/list_changed on its GET stream.
      instances: legacy.servers,
      // Modern: new per-request instances pick the tool up by themselves; open listen streams are told here.
      onToolAdded: () => modern.notify.toolsChanged(),
      close: () => modern.close(),
    };
  },
});
