// A remote MCP server (and its authorization server) that aims the OAuth engine into the user's machine or
// network: every URL the engine follows or sends the user to that a server chooses, each pointed at a local
// service that must see nothing — not a request, not even a TCP connection. The remote servers are loopback
// servers reached as `https://…hostile.example` through the engine's injected fetch.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { completeAuthorization } from '../../src/auth/completeAuthorization';
import { resolveEnv } from '../../src/auth/env';
import { createMutexLock } from '../../src/auth/lock';
import { createMemoryStore } from '../../src/auth/memoryStore';
import { OAuthSession } from '../../src/auth/OAuthSession';
import { savePendingFlow } from '../../src/auth/pendingFlows';
import { refreshTokens } from '../../src/auth/refreshTokens';
import { revokeTokens } from '../../src/auth/revokeTokens';
import type { PendingFlow, TokenRecord } from '../../src/auth/types';
import { Connection } from '../../src/core/Connection';
import { McpUseError } from '../../src/core/errors';
import { NodeOAuth } from '../../src/node/oauth/NodeOAuth';
import { asMetadata } from '../integration/auth/helpers';
import { waitForState } from '../support/connectionStates';
import { rejectionOf } from '../support/failures';
import { type HostileServer, routedFetch, sendJson, startHostileServer } from './support/hostile';

const MCP = 'https://mcp.hostile.example';
const AS = 'https://as.hostile.example';
const CALLBACK_URL = 'http://127.0.0.1:9/callback';
const REQUEST_TIMEOUT_MS = 3_000;

/** What the hostile servers publish; each test overrides one URL. */
interface Documents {
  resourceMetadataUrl?: string;
  protectedResource?: Record<string, unknown> | null;
  authorizationServer?: Record<string, unknown>;
  /** Where the authorization-server metadata URL redirects to, instead of answering. */
  metadataRedirect?: string;
}

let docs: Documents = {};
let local: HostileServer;
let mcp: HostileServer;
let as: HostileServer;
let localUrl: string;

/** Every place the local service could be named from, https and IP spellings included. */
const localTargets = () => ({
  plain: `${localUrl}/admin/delete-everything`,
  https: `https://127.0.0.1:${new URL(localUrl).port}/admin/delete-everything`,
});

function defaultProtectedResource(base: string) {
  return { resource: `${base}/mcp`, authorization_servers: [AS] };
}

function defaultAuthorizationServer(issuer: string) {
  return asMetadata(issuer, { revocation_endpoint: `${issuer}/revoke` });
}

beforeAll(async () => {
  local = await startHostileServer((_req, res) => sendJson(res, 200, { deleted: 'everything' }));
  localUrl = local.origin;
  mcp = await startHostileServer((req, res, seen) => {
    if (req.method === 'POST' && seen.path === '/mcp') {
      const metadata = docs.resourceMetadataUrl ?? `${MCP}/.well-known/oauth-protected-resource/mcp`;
      res.writeHead(401, { 'www-authenticate': `Bearer resource_metadata="${metadata}"` }).end();
      return;
    }
    if (seen.path.startsWith('/.well-known/oauth-protected-resource')) {
      if (docs.protectedResource === null) return void res.writeHead(404).end();
      return sendJson(res, 200, docs.protectedResource ?? defaultProtectedResource(MCP));
    }
    if (seen.path === '/.well-known/oauth-authorization-server' && docs.protectedResource === null) {
      // The 2025-03-26 fallback: metadata at the MCP server's origin.
      return sendJson(res, 200, docs.authorizationServer ?? defaultAuthorizationServer(MCP));
    }
    res.writeHead(404).end();
  });
  as = await startHostileServer((req, res, seen) => {
    if (seen.path === '/.well-known/oauth-authorization-server') {
      if (docs.metadataRedirect) return void res.writeHead(302, { location: docs.metadataRedirect }).end();
      return sendJson(res, 200, docs.authorizationServer ?? defaultAuthorizationServer(AS));
    }
    if (req.method === 'POST' && seen.path === '/register') {
      return sendJson(res, 201, { client_id: 'hostile-client', redirect_uris: [CALLBACK_URL] });
    }
    res.writeHead(404).end();
  });
});

afterAll(async () => {
  await Promise.all([local.close(), mcp.close(), as.close()]);
});

afterEach(() => {
  docs = {};
  for (const server of [local, mcp, as]) server.reset();
});

/** The fetch the engine (and, for Connection tests, the SDK) gets; `asked` is every URL it was asked for. */
function remoteFetch(asked: string[] = []) {
  return routedFetch({ [MCP]: mcp.origin, [AS]: as.origin }, asked);
}

function session(asked: string[] = [], serverUrl = `${MCP}/mcp`) {
  return new OAuthSession(
    { serverUrl, callbackUrl: CALLBACK_URL },
    {
      store: createMemoryStore(),
      lock: createMutexLock(),
      fetch: remoteFetch(asked),
      requestTimeoutMs: REQUEST_TIMEOUT_MS,
    },
  );
}

/** Signs in as far as the engine goes on its own: the 401, then discovery and registration. */
async function prepare(asked: string[] = []): Promise<Error> {
  const fetchFn = remoteFetch(asked);
  const challenge = await fetchFn(`${MCP}/mcp`, { method: 'POST', signal: AbortSignal.timeout(5_000) });
  return rejectionOf(session(asked).prepareAuthorization({ flow: 'loopback', challenge }));
}

function expectLocalUntouched(): void {
  expect(local.requests.map((request) => `${request.method} ${request.path}`)).toEqual([]);
  expect(local.connections()).toBe(0);
}

describe('a remote server aiming discovery at the local machine', () => {
  // Plain http: is for an MCP server that is itself on loopback; https: does not open the local machine either.
  it.each([
    ['plain', 'auth_insecure_url'],
    ['https', 'auth_private_network_url'],
  ] as const)(
    'a 401 naming a %s resource_metadata URL on the local machine is refused before any request',
    async (kind, code) => {
      docs.resourceMetadataUrl = localTargets()[kind];
      const error = await prepare();
      expect(error).toMatchObject({ code, purpose: 'resource_metadata', serverUrl: `${MCP}/mcp` });
      expect(error.message).toContain(localTargets()[kind]);
      expect(error.message).toContain(`${MCP}/mcp`);
      expectLocalUntouched();
    },
  );

  it('protected-resource metadata listing a loopback authorization server is refused', async () => {
    docs.protectedResource = { resource: `${MCP}/mcp`, authorization_servers: [localUrl] };
    expect(await prepare()).toMatchObject({
      code: 'auth_insecure_url',
      purpose: 'authorization server issuer',
    });
    expectLocalUntouched();
    docs.protectedResource = { resource: `${MCP}/mcp`, authorization_servers: [localTargets().https] };
    expect(await prepare()).toMatchObject({
      code: 'auth_private_network_url',
      purpose: 'authorization server issuer',
    });
    expectLocalUntouched();
  });

  it.each([
    'authorization_endpoint',
    'token_endpoint',
    'registration_endpoint',
    'revocation_endpoint',
    'jwks_uri',
  ] as const)('authorization-server metadata with a loopback %s is refused as a whole', async (field) => {
    for (const [target, code] of [
      [localTargets().plain, 'auth_insecure_url'],
      [localTargets().https, 'auth_private_network_url'],
    ] as const) {
      docs.authorizationServer = { ...defaultAuthorizationServer(AS), [field]: target };
      const asked: string[] = [];
      const error = await prepare(asked);
      expect(error).toBeInstanceOf(McpUseError);
      expect(error).toMatchObject({ code, purpose: field, serverUrl: `${MCP}/mcp` });
      expectLocalUntouched();
      // Nothing was registered on the strength of that document either.
      expect(asked).not.toContain(`${AS}/register`);
    }
  });

  it('https to the local machine is refused too: not even a TLS handshake reaches it', async () => {
    docs.authorizationServer = {
      ...defaultAuthorizationServer(AS),
      registration_endpoint: localTargets().https,
    };
    expect(await prepare()).toMatchObject({ code: 'auth_private_network_url', network: 'loopback' });
    expectLocalUntouched();
  });

  it.each([
    ['https://[::1]/register', 'loopback'],
    ['https://[::ffff:7f00:1]/register', 'loopback'],
    ['https://2130706433/register', 'loopback'],
    ['https://169.254.169.254/latest/meta-data/iam/security-credentials/', 'private'],
    ['https://10.0.0.1/register', 'private'],
    ['https://192.168.1.1/register', 'private'],
    ['https://[fd12:3456::1]/register', 'private'],
  ])('a registration_endpoint of %s is never asked for (%s)', async (url, network) => {
    docs.authorizationServer = { ...defaultAuthorizationServer(AS), registration_endpoint: url };
    const asked: string[] = [];
    expect(await prepare(asked)).toMatchObject({ code: 'auth_private_network_url', network });
    expect(asked.filter((href) => new URL(href).origin === new URL(url).origin)).toEqual([]);
  });

  it('a redirect from a metadata URL to the local machine is not followed', async () => {
    docs.metadataRedirect = localTargets().plain;
    const error = await prepare();
    expect(error).toMatchObject({ code: 'auth_discovery_failed' });
    expectLocalUntouched();
  });

  it('a 2025-03-26 server (no protected-resource metadata) naming a loopback token endpoint is refused', async () => {
    docs.protectedResource = null;
    docs.authorizationServer = { ...defaultAuthorizationServer(MCP), token_endpoint: localTargets().plain };
    expect(await prepare()).toMatchObject({ code: 'auth_insecure_url', purpose: 'token_endpoint' });
    expectLocalUntouched();
  });

  it('a local MCP server may still use a local authorization server over plain http', async () => {
    // The control: the same engine, with everything on loopback, signs in as far as the authorization URL.
    const localAs = as.origin;
    docs.authorizationServer = defaultAuthorizationServer(localAs);
    docs.protectedResource = { resource: `${mcp.origin}/mcp`, authorization_servers: [localAs] };
    const engine = session([], `${mcp.origin}/mcp`);
    const prepared = await engine.prepareAuthorization({ flow: 'loopback' });
    expect(prepared.authorizationUrl.origin).toBe(localAs);
    expect(as.requests.some((request) => request.path === '/register')).toBe(true);
  });
});

describe('records stored before these rules, aimed at the local machine', () => {
  const endpoints = () => ({
    issuer: AS,
    token_endpoint: localTargets().plain,
    revocation_endpoint: localTargets().plain,
  });
  const client = {
    clientId: 'hostile-client',
    tokenEndpointAuthMethod: 'none' as const,
    source: 'dynamic' as const,
  };
  const record = (): TokenRecord => ({
    serverUrl: `${MCP}/mcp`,
    resource: `${MCP}/mcp`,
    issuer: AS,
    accessToken: 'access',
    tokenType: 'bearer',
    refreshToken: 'refresh',
    obtainedAt: Date.now(),
    authorizationServer: endpoints(),
    client,
  });

  it('a refresh does not go to a loopback token endpoint', async () => {
    const env = resolveEnv({ store: createMemoryStore(), fetch: remoteFetch() });
    expect(await rejectionOf(refreshTokens(record(), env))).toMatchObject({
      code: 'auth_insecure_url',
      purpose: 'token_endpoint',
    });
    const https = { ...record(), authorizationServer: { issuer: AS, token_endpoint: localTargets().https } };
    expect(await rejectionOf(refreshTokens(https, env))).toMatchObject({
      code: 'auth_private_network_url',
      purpose: 'token_endpoint',
    });
    expectLocalUntouched();
  });

  it('signing out does not revoke at a loopback endpoint: one more failure to log', async () => {
    const logs: { message: string; data?: Record<string, unknown> }[] = [];
    const env = resolveEnv({
      store: createMemoryStore(),
      fetch: remoteFetch(),
      log: (_level, message, data) => logs.push({ message, ...(data ? { data } : {}) }),
    });
    await revokeTokens(record(), env);
    expectLocalUntouched();
    expect(logs.filter((entry) => entry.message === 'token revocation failed')).toHaveLength(2);
    expect(logs[0]?.data?.error).toMatchObject({ code: 'auth_insecure_url' });
  });

  it('a code exchange does not go to a loopback token endpoint', async () => {
    const store = createMemoryStore();
    const now = Date.now();
    const flow: PendingFlow = {
      state: 'hostile-state',
      codeVerifier: 'v'.repeat(43),
      issuer: AS,
      authorizationServer: { issuer: AS, token_endpoint: localTargets().plain },
      client,
      serverUrl: `${MCP}/mcp`,
      resource: `${MCP}/mcp`,
      redirectUri: CALLBACK_URL,
      flow: 'loopback',
      createdAt: now,
      expiresAt: now + 60_000,
    };
    await savePendingFlow(store, flow, now);
    const callback = `${CALLBACK_URL}?code=abc&state=hostile-state&iss=${encodeURIComponent(AS)}`;
    expect(await rejectionOf(completeAuthorization(callback, { store, fetch: remoteFetch() }))).toMatchObject(
      {
        code: 'auth_insecure_url',
        purpose: 'token_endpoint',
      },
    );
    expectLocalUntouched();
  });
});

describe('a connection to the remote server', () => {
  it.each([
    ['plain', 'auth_insecure_url'],
    ['https', 'auth_private_network_url'],
  ] as const)(
    'fails with the typed refusal (%s URL) and the local service hears nothing',
    async (kind, code) => {
      docs.authorizationServer = {
        ...defaultAuthorizationServer(AS),
        registration_endpoint: localTargets()[kind],
      };
      const fetchFn = remoteFetch();
      const connection = new Connection({
        url: `${MCP}/mcp`,
        fetch: fetchFn,
        requestTimeoutMs: 10_000,
        auth: new NodeOAuth({
          serverUrl: `${MCP}/mcp`,
          store: createMemoryStore(),
          fetch: fetchFn,
          requestTimeoutMs: REQUEST_TIMEOUT_MS,
          onSignIn: () => undefined,
        }),
      });
      try {
        connection.connect();
        const snapshot = await waitForState(connection, ['failed', 'pending_auth', 'ready']);
        expect(snapshot.state).toBe('failed');
        expect(snapshot.error).toMatchObject({
          code,
          purpose: 'registration_endpoint',
          serverUrl: `${MCP}/mcp`,
        });
        expectLocalUntouched();
      } finally {
        await connection.disconnect();
      }
    },
  );
});
