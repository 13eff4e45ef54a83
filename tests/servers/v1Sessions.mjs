// The v1 SDK's stateful Streamable HTTP (2025 era) behind express: `initialize` opens a session with its own
// server instance and Mcp-Session-Id, later requests (the standalone GET stream included) go to that session.
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { sendJsonRpcError } from './common.mjs';
import { createSessionTable } from './sessionTable.mjs';

/** `handle` is the express handler for the MCP path; `instances()` the server instances of the live sessions. */
export function createV1Sessions(newServer) {
  // Each session has its own server instance, as the v1 SDK requires.
  const sessions = createSessionTable();

  async function handle(req, res) {
    const sessionId = req.headers['mcp-session-id'];
    if (typeof sessionId === 'string' && sessionId !== '') {
      const session = sessions.get(sessionId);
      if (!session) return sendJsonRpcError(res, 404, -32001, 'Session not found');
      return session.transport.handleRequest(req, res, req.body);
    }
    if (req.method === 'POST' && isInitializeRequest(req.body)) {
      const transport = await sessions.open(newServer(), StreamableHTTPServerTransport);
      return transport.handleRequest(req, res, req.body);
    }
    sendJsonRpcError(res, 400, -32000, 'Bad Request: no valid session ID provided');
  }

  return { handle, instances: sessions.instances };
}
