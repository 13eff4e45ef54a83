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
//     [--audience A] [--prm-issuer URL] [--bearer access_token|id_token]   (protectedResource.mjs)
//     [--no-cors]
//
// --no-cors: no CORS header anywhere, its metadata included (Stripe's MCP server early on; tests/gallery/cors).
// Prints `LISTENING <port>`. Control endpoints (no auth, loopback only):
//   GET  /__control/stats         { requests, unauthorized }
//   POST /__control/reset-stats
//   POST /__control/clock         body {"aheadSeconds": N}: check token expiry as if the clock were N s ahead
import { createMcpHandler, McpServer, requireScopes } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { createProtectedResource, PROTECTED_RESOURCE_FLAGS } from './protectedResource.mjs';
import { withoutCors } from './noCors.mjs';
import { listen, parseFlags, runServer } from './serverProcess.mjs';
import { WHOAMI_VIEW } from './appViews.mjs';
import { readRequestBody, sendWebResponse, toWebRequest } from './webResponse.mjs';

const MCP_PATH = '/mcp';
const MAX_BODY_BYTES = 4 * 1024 * 1024;
const ALLOWED_HEADERS =
  'authorization, content-type, mcp-protocol-version, mcp-session-id, mcp-method, mcp-name, last-event-id';

function parseOptions() {
  const values = parseFlags({
    ...PROTECTED_RESOURCE_FLAGS,
    'required-scope': { type: 'string' },
    apps: { type: 'boolean', default: false },
    'no-cors': { type: 'boolean', default: false },
  });
  return {
    port: values.port,
    issuer: values.issuer,
    scope: values.scope,
    audience: values.audience,
    prmIssuer: values['prm-issuer'],
    bearer: values.bearer,
    requiredScope: values['required-scope'],
    apps: values.apps,
    cors: !values['no-cors'],
  };
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
      async () => ({ content: [{ type: 'text', text: 'shown' }] }),
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

async function main() {
  const options = parseOptions();
  const protectedResource = await createProtectedResource({
    issuer: options.issuer,
    scope: options.scope,
    audience: options.audience,
    prmIssuer: options.prmIssuer,
    bearer: options.bearer,
    path: MCP_PATH,
    name: 'oauth-mcp-test-server',
  });
  const stats = { requests: 0, unauthorized: 0 };
  let origin; // known once listening; nothing is answered before that

  const handler = createMcpHandler(({ authInfo }) => buildServer(authInfo, options), {
    onerror: (error) => process.stderr.write(`mcp handler error: ${error?.message ?? error}\n`),
  });

  const unauthorized = (res, error) => {
    stats.unauthorized += 1;
    const answer = protectedResource.unauthorized(error);
    sendJson(res, answer.status, answer.body, answer.headers);
  };

  const authenticate = async (request) => {
    const authorization = request.headers.get('authorization');
    const claims = await protectedResource.validate(authorization);
    return {
      token: authorization.split(' ')[1],
      // An ID token names its client as its audience.
      clientId: claims.client_id ?? [claims.aud].flat()[0],
      scopes: typeof claims.scope === 'string' ? claims.scope.split(' ') : [],
      expiresAt: claims.exp,
      resource: new URL(protectedResource.resource),
      resourceMetadataUrl: protectedResource.metadataUrl,
      extra: { sub: claims.sub },
    };
  };

  const onRequest = async (req, res) => {
    if (options.cors ? setCors(req, res) : withoutCors(req, res)) return;
    const path = new URL(req.url ?? '/', origin).pathname;
    if (req.method === 'GET' && path === '/__control/stats') return sendJson(res, 200, stats);
    if (req.method === 'POST' && path === '/__control/reset-stats') {
      stats.requests = 0;
      stats.unauthorized = 0;
      return sendJson(res, 200, stats);
    }
    if (req.method === 'POST' && path === '/__control/clock') {
      const { aheadSeconds } = JSON.parse(
        (await readRequestBody(req, MAX_BODY_BYTES)).toString('utf8') || '{}',
      );
      if (!Number.isInteger(aheadSeconds))
        return sendJson(res, 400, { error: 'aheadSeconds must be an integer' });
      protectedResource.setClockAhead(aheadSeconds);
      return sendJson(res, 200, { aheadSeconds });
    }
    if (req.method === 'GET' && path === protectedResource.metadataPath) {
      return sendJson(res, 200, protectedResource.metadata());
    }
    if (path !== MCP_PATH) return sendJson(res, 404, { error: 'not_found' });

    stats.requests += 1;
    const body = await readRequestBody(req, MAX_BODY_BYTES);
    const abort = new AbortController();
    res.once('close', () => abort.abort());
    const request = toWebRequest(req, new URL(req.url ?? '/', origin), body, abort.signal);
    if (!request.headers.get('authorization')) return unauthorized(res);
    let authInfo;
    try {
      authInfo = await authenticate(request);
    } catch (error) {
      return unauthorized(res, error?.message ?? 'invalid token');
    }
    return await sendWebResponse(res, await handler.fetch(request, { authInfo }));
  };

  await listen(onRequest, options.port, {
    ready: (listeningAt) => {
      origin = listeningAt;
      protectedResource.listeningAt(origin);
    },
    onShutdown: () => handler.close(),
  });
}

runServer(main);
