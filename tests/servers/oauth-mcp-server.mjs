// A small MCP server (v2 SDK, `createMcpHandler`, answering both the 2026-07-28 and the 2025 era) at /mcp on
// 127.0.0.1 that requires access tokens from the authorization server given by --issuer:
// - RFC 9728 metadata at the path-aware well-known URL /.well-known/oauth-protected-resource/mcp, with
//   `resource` = its own /mcp URL and `authorization_servers: [issuer]`;
// - 401 `WWW-Authenticate: Bearer resource_metadata="…", scope="…"` without a valid token;
// - tokens are RFC 9068 JWTs checked with oauth4webapi: signature (the AS's JWKS), issuer, expiry, and
//   audience = this server's /mcp URL (RFC 8707), so a token issued for another resource is refused;
// - tools `echo {text}` and `whoami` (the token's subject), and with --required-scope S a tool `admin_echo`
//   answering 403 `insufficient_scope` unless the token has scope S (for step-up tests);
// - with --apps, an MCP App: the tool `whoami_app` whose `ui://oauth/whoami.html` calls `whoami` from inside the app.
//
//   node tests/servers/oauth-mcp-server.mjs --issuer URL [--port N] [--scope S] [--required-scope S] [--apps]
//
// Prints `LISTENING <port>`. Control: GET /__control/stats ({ requests, unauthorized }), POST /__control/reset-stats.
import http from 'node:http';
import { parseArgs } from 'node:util';
import { createMcpHandler, McpServer, requireScopes } from '@modelcontextprotocol/server';
import * as oauth from 'oauth4webapi';
import { z } from 'zod';
import { WHOAMI_VIEW } from './appViews.mjs';
import { readRequestBody, sendWebResponse } from './webResponse.mjs';

const HOST = '127.0.0.1';
const MCP_PATH = '/mcp';
const MAX_BODY_BYTES = 4 * 1024 * 1024;
const METADATA_TIMEOUT_MS = 5_000;
const SHUTDOWN_GRACE_MS = 3_000;
const ALLOWED_HEADERS =
  'authorization, content-type, mcp-protocol-version, mcp-session-id, mcp-method, mcp-name, last-event-id';

function parseOptions(argv = process.argv.slice(2)) {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: '0' },
      issuer: { type: 'string' },
      scope: { type: 'string', default: 'mcp:tools' },
      'required-scope': { type: 'string' },
      apps: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`invalid --port: ${values.port}`);
  if (!values.issuer) throw new Error('--issuer URL is required');
  const issuer = new URL(values.issuer);
  if (issuer.hostname !== HOST && issuer.hostname !== 'localhost')
    throw new Error('--issuer must be a loopback URL');
  return {
    port,
    issuer: values.issuer,
    scope: values.scope,
    requiredScope: values['required-scope'],
    apps: values.apps,
  };
}

/** The AS metadata (RFC 8414), fetched once at startup: its JWKS verifies the access tokens. */
async function loadAuthorizationServer(issuer) {
  const issuerUrl = new URL(issuer);
  const response = await oauth.discoveryRequest(issuerUrl, {
    algorithm: 'oauth2',
    [oauth.allowInsecureRequests]: true,
    signal: AbortSignal.timeout(METADATA_TIMEOUT_MS),
  });
  return oauth.processDiscoveryResponse(issuerUrl, response);
}

function buildServer(authInfo, options) {
  const server = new McpServer({ name: 'oauth-mcp-test-server', version: '1.0.0' });
  server.registerTool(
    'echo',
    { description: 'Echoes the text back', inputSchema: z.object({ text: z.string() }) },
    async ({ text }) => ({ content: [{ type: 'text', text }] }),
  );
  server.registerTool('whoami', { description: "Returns the access token's subject" }, async () => ({
    content: [{ type: 'text', text: String(authInfo?.extra?.sub ?? '') }],
  }));
  if (options.apps) {
    const uri = 'ui://oauth/whoami.html';
    const mimeType = 'text/html;profile=mcp-app';
    server.registerResource('whoami-app', uri, { mimeType }, async () => ({
      contents: [{ uri, mimeType, text: WHOAMI_VIEW }],
    }));
    server.registerTool(
      'whoami_app',
      { description: 'Shows who is signed in', _meta: { ui: { resourceUri: uri } } },
      async () => ({
        content: [{ type: 'text', text: 'shown' }],
      }),
    );
  }
  if (options.requiredScope) {
    server.registerTool(
      'admin_echo',
      {
        description: `Echoes the text back; needs scope ${options.requiredScope}`,
        inputSchema: z.object({ text: z.string() }),
        // The SDK answers 403 `insufficient_scope` with scope="…" (MCP step-up authorization).
        scopeChallenge: requireScopes(options.requiredScope),
      },
      async ({ text }) => ({ content: [{ type: 'text', text: `admin: ${text}` }] }),
    );
  }
  return server;
}

function setCors(req, res) {
  res.setHeader('Access-Control-Allow-Origin', req.headers.origin ?? '*');
  res.setHeader('Access-Control-Expose-Headers', 'WWW-Authenticate, Mcp-Session-Id, Mcp-Protocol-Version');
  if (req.headers.origin) res.setHeader('Vary', 'Origin');
  if (req.method !== 'OPTIONS') return false;
  res.setHeader('Access-Control-Allow-Methods', 'GET, POST, DELETE, OPTIONS');
  res.setHeader(
    'Access-Control-Allow-Headers',
    req.headers['access-control-request-headers'] || ALLOWED_HEADERS,
  );
  res.setHeader('Access-Control-Max-Age', '600');
  res.writeHead(204).end();
  return true;
}

function sendJson(res, status, body, headers = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}

function toWebRequest(req, origin, body, signal) {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else if (value !== undefined) headers.set(name, value);
  }
  const hasBody = body.length > 0 && req.method !== 'GET' && req.method !== 'HEAD';
  return new Request(new URL(req.url ?? '/', origin), {
    method: req.method,
    headers,
    body: hasBody ? body : undefined,
    signal,
  });
}

function quote(value) {
  return `"${String(value).replace(/["\\]/g, '\\$&')}"`;
}

async function main() {
  const options = parseOptions();
  const as = await loadAuthorizationServer(options.issuer);
  const stats = { requests: 0, unauthorized: 0 };
  let mcpUrl;
  let metadataUrl;
  let origin;

  const handler = createMcpHandler(({ authInfo }) => buildServer(authInfo, options), {
    onerror: (error) => process.stderr.write(`mcp handler error: ${error?.message ?? error}\n`),
  });

  /** RFC 6750 §3 challenge with RFC 9728 §5.1 `resource_metadata` and the scope this server wants. */
  const unauthorized = (res, error) => {
    stats.unauthorized += 1;
    const params = [`resource_metadata=${quote(metadataUrl)}`, `scope=${quote(options.scope)}`];
    if (error) params.unshift(`error=${quote('invalid_token')}`, `error_description=${quote(error)}`);
    sendJson(
      res,
      401,
      { error: error ? 'invalid_token' : 'unauthorized' },
      { 'WWW-Authenticate': `Bearer ${params.join(', ')}` },
    );
  };

  const authenticate = async (request) => {
    // No clock tolerance: the refresh tests rely on a 2-second token being refused right after it expires.
    const claims = await oauth.validateJwtAccessToken(as, request, mcpUrl, {
      [oauth.allowInsecureRequests]: true,
      [oauth.clockTolerance]: 0,
    });
    return {
      token: request.headers.get('authorization').split(' ')[1],
      clientId: claims.client_id,
      scopes: typeof claims.scope === 'string' ? claims.scope.split(' ') : [],
      expiresAt: claims.exp,
      resource: new URL(mcpUrl),
      resourceMetadataUrl: metadataUrl,
      extra: { sub: claims.sub },
    };
  };

  const server = http.createServer(async (req, res) => {
    try {
      if (setCors(req, res)) return;
      const path = new URL(req.url ?? '/', origin).pathname;
      if (req.method === 'GET' && path === '/__control/stats') return sendJson(res, 200, stats);
      if (req.method === 'POST' && path === '/__control/reset-stats') {
        stats.requests = 0;
        stats.unauthorized = 0;
        return sendJson(res, 200, stats);
      }
      if (req.method === 'GET' && path === `/.well-known/oauth-protected-resource${MCP_PATH}`) {
        return sendJson(res, 200, {
          resource: mcpUrl,
          authorization_servers: [options.issuer],
          scopes_supported: options.scope.split(' '),
          bearer_methods_supported: ['header'],
          resource_name: 'oauth-mcp-test-server',
        });
      }
      if (path !== MCP_PATH) return sendJson(res, 404, { error: 'not_found' });

      stats.requests += 1;
      const body = await readRequestBody(req, MAX_BODY_BYTES);
      const abort = new AbortController();
      res.once('close', () => abort.abort());
      const request = toWebRequest(req, origin, body, abort.signal);
      if (!request.headers.get('authorization')) return unauthorized(res);
      let authInfo;
      try {
        authInfo = await authenticate(request);
      } catch (error) {
        return unauthorized(res, error?.message ?? 'invalid token');
      }
      return await sendWebResponse(res, await handler.fetch(request, { authInfo }));
    } catch (error) {
      process.stderr.write(`oauth-mcp-server request failed: ${error?.stack ?? error}\n`);
      if (!res.headersSent) sendJson(res, 500, { error: 'server_error' });
      else res.end();
    }
  });
  server.on('error', (error) => {
    process.stderr.write(`listen failed: ${error.code ?? ''} ${error.message}\n`);
    process.exit(1);
  });
  await new Promise((resolve) => server.listen(options.port, HOST, resolve));
  const { port } = server.address();
  origin = `http://${HOST}:${port}`;
  mcpUrl = `${origin}${MCP_PATH}`;
  metadataUrl = `${origin}/.well-known/oauth-protected-resource${MCP_PATH}`;
  process.stdout.write(`LISTENING ${port}\n`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => process.exit(0), SHUTDOWN_GRACE_MS).unref();
    await handler.close().catch(() => {});
    server.close(() => process.exit(0));
    server.closeAllConnections();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error) => {
  process.stderr.write(`oauth MCP server failed to start: ${error?.stack ?? error}\n`);
  process.exit(1);
});
