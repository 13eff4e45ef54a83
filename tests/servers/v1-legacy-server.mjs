// A 2025-era ("legacy") MCP server on the v1 SDK: stateful Streamable HTTP at /mcp with Mcp-Session-Id, and
// the standalone GET SSE stream over which list-changed notifications reach the client.
//   node tests/servers/v1-legacy-server.mjs [--port N] [--bearer TOKEN] [--empty]
import { randomUUID } from 'node:crypto';
import { McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import {
  createBaseApp,
  createStats,
  listen,
  parseServerArgs,
  rememberTool,
  runServer,
  sendJsonRpcError,
} from './common.mjs';
import { buildServer, registerExtraTool, TOOL_NAMES } from './fixtures.mjs';
import { v1BearerMiddleware } from './v1-bearer.mjs';

async function main() {
  const options = parseServerArgs();
  const extraTools = new Set();
  /** Live sessions by Mcp-Session-Id; each has its own server instance, as the v1 SDK requires. */
  const sessions = new Map();
  const newServer = () =>
    buildServer({
      generation: 'v1',
      McpServer,
      ResourceTemplate,
      name: 'v1-legacy-test-server',
      empty: options.empty,
      extraTools,
    });

  async function openSession(req, res) {
    const server = newServer();
    const transport = new StreamableHTTPServerTransport({
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
    await transport.handleRequest(req, res, req.body);
  }

  async function handleMcp(req, res) {
    const sessionId = req.headers['mcp-session-id'];
    if (typeof sessionId === 'string' && sessionId !== '') {
      const session = sessions.get(sessionId);
      if (!session) return sendJsonRpcError(res, 404, -32001, 'Session not found');
      return session.transport.handleRequest(req, res, req.body);
    }
    if (req.method === 'POST' && isInitializeRequest(req.body)) return openSession(req, res);
    sendJsonRpcError(res, 400, -32000, 'Bad Request: no valid session ID provided');
  }

  const onAddTool = (name) => {
    if (!rememberTool(extraTools, name, options.empty ? [] : TOOL_NAMES)) return false;
    // Registering on a connected instance makes the SDK send tools/list_changed on the standalone stream.
    for (const { server } of sessions.values()) registerExtraTool(server, name);
    return true;
  };

  const stats = createStats();
  const app = createBaseApp({
    mcpPaths: ['/mcp'],
    stats,
    onAddTool,
    authenticate: options.bearer ? v1BearerMiddleware(options.bearer) : undefined,
  });
  app.all(['/mcp', '/mcp/*path'], handleMcp);

  listen(app, options.port, async () => {
    await Promise.allSettled([...sessions.values()].map(({ server }) => server.close()));
  });
}

runServer(main);
