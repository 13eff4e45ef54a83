// A 2025-era ("legacy") MCP server that requires OAuth access tokens, for the connect bench's legacy sign-in
// (tests/servers/oauth-mcp-server.mjs answers 2026-07-28 first, so a client would never see a legacy sign-in).
// The v1 SDK's stateful Streamable HTTP at /mcp (initialize, Mcp-Session-Id, GET stream) behind:
// - RFC 9728 metadata at /.well-known/oauth-protected-resource/mcp naming the --issuer authorization server;
// - 401 `WWW-Authenticate: Bearer resource_metadata="…", scope="…"` without a valid token;
// - RFC 9068 JWT access tokens checked with oauth4webapi (signature, issuer, expiry, audience = this /mcp URL).
// Everything but the OAuth check is the test servers' own (tests/servers).
//
//   node bench/servers/legacy-oauth-mcp-server.mjs --issuer URL [--port N] [--scope S]
import { McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import { createBaseApp, createStats } from '../../tests/servers/common.mjs';
import { buildServer } from '../../tests/servers/fixtures.mjs';
import { createProtectedResource, PROTECTED_RESOURCE_FLAGS } from '../../tests/servers/protectedResource.mjs';
import { listen, parseFlags, runServer } from '../../tests/servers/serverProcess.mjs';
import { createV1Sessions } from '../../tests/servers/v1Sessions.mjs';

const MCP_PATH = '/mcp';

async function main() {
  const { port, issuer, scope } = parseFlags(PROTECTED_RESOURCE_FLAGS);
  const protectedResource = await createProtectedResource({ issuer, scope, path: MCP_PATH });

  const authenticate = async (req, res, next) => {
    const refuse = (error) => {
      const answer = protectedResource.unauthorized(error);
      res.set(answer.headers).status(answer.status).json(answer.body);
    };
    if (!req.headers.authorization) return refuse();
    try {
      await protectedResource.validate(req.headers.authorization);
    } catch (error) {
      return refuse(error?.message ?? 'invalid token');
    }
    next();
  };

  const sessions = createV1Sessions(() =>
    buildServer({
      generation: 'v1',
      McpServer,
      ResourceTemplate,
      name: 'legacy-oauth-bench-server',
      empty: false,
      extraTools: new Set(),
    }),
  );

  const app = createBaseApp({
    mcpPaths: [MCP_PATH],
    stats: createStats(),
    onAddTool: () => false,
    authenticate,
  });
  app.get(protectedResource.metadataPath, (_req, res) => {
    res.json(protectedResource.metadata());
  });
  app.all(MCP_PATH, sessions.handle);

  await listen(app, port, {
    ready: (origin) => protectedResource.listeningAt(origin),
    onShutdown: async () => {
      await Promise.allSettled(sessions.instances().map((server) => server.close()));
    },
  });
}

runServer(main);
