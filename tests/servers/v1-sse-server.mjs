// An MCP server on the v1 SDK speaking only the old HTTP+SSE transport: GET /sse opens the stream (its first
// event names the POST endpoint), POST /messages?sessionId=… carries client messages. Its URL is /sse. A
// Streamable HTTP POST to /sse is refused with 405 (and /mcp does not exist), so clients must fall back to SSE.
//   node tests/servers/v1-sse-server.mjs [--port N] [--bearer TOKEN] [--empty]
import { McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { sendJsonRpcError } from './common.mjs';
import { runMcpTestServer } from './mcpTestServer.mjs';
import { v1BearerMiddleware } from './v1-bearer.mjs';

runMcpTestServer({
  name: 'v1-sse-test-server',
  sdk: { generation: 'v1', McpServer, ResourceTemplate },
  mcpPaths: ['/sse', '/messages'],
  bearerGate: v1BearerMiddleware,
  mount(app, newServer) {
    /** Open SSE connections by the sessionId the transport put into its endpoint event. */
    const sessions = new Map();

    async function openStream(_req, res) {
      const server = newServer();
      const transport = new SSEServerTransport('/messages', res);
      sessions.set(transport.sessionId, { server, transport });
      res.once('close', () => {
        sessions.delete(transport.sessionId);
        server.close().catch(() => {});
      });
      await server.connect(transport);
    }

    async function postMessage(req, res) {
      const session = sessions.get(String(req.query.sessionId ?? ''));
      if (!session) return sendJsonRpcError(res, 404, -32001, 'Unknown or closed SSE session');
      await session.transport.handlePostMessage(req, res, req.body);
    }

    app.get('/sse', openStream);
    app.post('/messages', postMessage);
    // Anything else on the SSE URL (notably a Streamable HTTP POST) is not this transport.
    app.all('/sse', (_req, res) => {
      res.setHeader('Allow', 'GET');
      sendJsonRpcError(res, 405, -32000, 'Method not allowed: this server only speaks HTTP+SSE');
    });
    // A tool registered on a connected instance reaches its client down its SSE stream.
    return { instances: () => [...sessions.values()].map(({ server }) => server) };
  },
});
