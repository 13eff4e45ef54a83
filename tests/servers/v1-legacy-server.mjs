// A 2025-era ("legacy") MCP server on the v1 SDK: stateful Streamable HTTP at /mcp with Mcp-Session-Id, and
// the standalone GET SSE stream over which list-changed notifications reach the client.
//   node tests/servers/v1-legacy-server.mjs [--port N] [--bearer TOKEN] [--empty]
import { McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import { runMcpTestServer } from './mcpTestServer.mjs';
import { v1BearerMiddleware } from './v1-bearer.mjs';
import { createV1Sessions } from './v1Sessions.mjs';

runMcpTestServer({
  name: 'v1-legacy-test-server',
  sdk: { generation: 'v1', McpServer, ResourceTemplate },
  mcpPaths: ['/mcp'],
  bearerGate: v1BearerMiddleware,
  mount(app, newServer) {
    // A tool registered on a connected instance reaches its client on the standalone GET stream.
    const sessions = createV1Sessions(newServer);
    app.all(['/mcp', '/mcp/*path'], sessions.handle);
    return { instances: sessions.instances };
  },
});
