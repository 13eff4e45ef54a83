// A 2025-era ("legacy") MCP server that requires OAuth access tokens, for the connect bench's legacy sign-in
// (tests/servers/oauth-mcp-server.mjs answers 2026-07-28 first, so a client would never see a legacy sign-in).
// The v1 SDK's stateful Streamable HTTP at /mcp (initialize, Mcp-Session-Id, GET stream) behind:
// - RFC 9728 metadata at /.well-known/oauth-protected-resource/mcp naming the --issuer authorization server;
// - 401 `WWW-Authenticate: Bearer resource_metadata="…", scope="…"` without a valid token;
// - RFC 9068 JWT access tokens checked with oauth4webapi (signature, issuer, expiry, audience = this /mcp URL).
// Plumbing (CORS, request statistics by JSON-RPC method, /__control/*, loopback listen) is the test servers'.
//
//   node bench/servers/legacy-oauth-mcp-server.mjs --issuer URL [--port N] [--scope S]
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import * as oauth from 'oauth4webapi';
import {
  createBaseApp,
  createStats,
  listen,
  runServer,
  sendJsonRpcError,
} from '../../tests/servers/common.mjs';
import { buildServer } from '../../tests/servers/fixtures.mjs';

const METADATA_TIMEOUT_MS = 5_000;

function parseOptions(argv = process.argv.slice(2)) {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: '0' },
      issuer: { type: 'string' },
      scope: { type: 'string', default: 'mcp:tools' },
    },
    strict: true,
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`invalid --port: ${values.port}`);
  if (!values.issuer) throw new Error('--issuer URL is required');
  if (new URL(values.issuer).hostname !== '127.0.0.1') throw new Error('--issuer must be on 127.0.0.1');
  return { port, issuer: values.issuer, scope: values.scope };
}

/** The AS metadata (RFC 8414), read once at startup: its JWKS verifies the access tokens. */
async function loadAuthorizationServer(issuer) {
  const issuerUrl = new URL(issuer);
  const response = await oauth.discoveryRequest(issuerUrl, {
    algorithm: 'oauth2',
    [oauth.allowInsecureRequests]: true,
    signal: AbortSignal.timeout(METADATA_TIMEOUT_MS),
  });
  return oauth.processDiscoveryResponse(issuerUrl, response);
}

const quote = (value) => `"${String(value).replace(/["\\]/g, '\\$&')}"`;

async function main() {
  const options = parseOptions();
  const as = await loadAuthorizationServer(options.issuer);
  // Known once listening; the middleware below only runs after that.
  const self = { mcpUrl: '', metadataUrl: '' };

  /** RFC 6750 §3 challenge with the RFC 9728 §5.1 `resource_metadata` parameter. */
  const unauthorized = (res, error) => {
    const params = [`resource_metadata=${quote(self.metadataUrl)}`, `scope=${quote(options.scope)}`];
    if (error) params.unshift(`error=${quote('invalid_token')}`, `error_description=${quote(error)}`);
    res.setHeader('WWW-Authenticate', `Bearer ${params.join(', ')}`);
    res.status(401).json({ error: error ? 'invalid_token' : 'unauthorized' });
  };

  const authenticate = async (req, res, next) => {
    const header = req.headers.authorization;
    if (!header) return unauthorized(res);
    try {
      // Only the Authorization header matters to the check (no DPoP here).
      const request = new Request(self.mcpUrl, { headers: { authorization: header } });
      await oauth.validateJwtAccessToken(as, request, self.mcpUrl, { [oauth.allowInsecureRequests]: true });
    } catch (error) {
      return unauthorized(res, error?.message ?? 'invalid token');
    }
    next();
  };

  const sessions = new Map();
  async function openSession(req, res) {
    const server = buildServer({
      generation: 'v1',
      McpServer,
      ResourceTemplate,
      name: 'legacy-oauth-bench-server',
      empty: false,
      extraTools: new Set(),
    });
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => sessions.set(id, { server, transport }),
    });
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

  const app = createBaseApp({
    mcpPaths: ['/mcp'],
    stats: createStats(),
    onAddTool: () => false,
    authenticate,
  });
  app.get('/.well-known/oauth-protected-resource/mcp', (_req, res) => {
    res.json({
      resource: self.mcpUrl,
      authorization_servers: [options.issuer],
      scopes_supported: options.scope.split(' '),
      bearer_methods_supported: ['header'],
    });
  });
  app.all('/mcp', handleMcp);

  const server = listen(app, options.port, async () => {
    await Promise.allSettled([...sessions.values()].map(({ server: s }) => s.close()));
  });
  server.once('listening', () => {
    const origin = `http://127.0.0.1:${server.address().port}`;
    self.mcpUrl = `${origin}/mcp`;
    self.metadataUrl = `${origin}/.well-known/oauth-protected-resource/mcp`;
  });
}

runServer(main);
