// A hostile authorization server that is slow on purpose (metadata that takes seconds, a registration endpoint
// that never answers), behind a real OAuth-protected MCP server. Once the connection gives up — its handshake
// deadline passed, or disconnect() — the authorization server must hear nothing more from it, and nothing the
// attempt started may stay open (seen before: `/register` POSTed 150 s after a 61 s timeout).
import { InsufficientScopeError } from '@modelcontextprotocol/client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/auth/memoryStore';
import { Connection } from '../../src/core/Connection';
import type { ConnectionAuth, ConnectionAuthContext } from '../../src/core/connectionAuth';
import { McpUseError } from '../../src/core/errors';
import { StepUp } from '../../src/core/stepUp';
import { NodeOAuth } from '../../src/node/oauth/NodeOAuth';
import { asMetadata } from '../integration/auth/helpers';
import { waitForState } from '../support/connectionStates';
import { type RunningOAuthMcpServer, startOAuthMcpServer } from '../support/oauthServers';
import { startServer, stopAllServers } from '../support/servers';
import {
  bodyOf,
  type HostileServer,
  sendJson,
  sleep,
  startHostileServer,
  waitUntil,
} from './support/hostile';

/**
 * The connection's deadline for its handshake, 401 handling (discovery, registration) included: short when the
 * metadata is slow, long enough to reach the registration when it is not.
 */
const HANDSHAKE_TIMEOUT_MS = 800;
const REGISTRATION_REACHED_TIMEOUT_MS = 2_500;
/** How long the hostile metadata takes when slow: well past the handshake deadline. */
const SLOW_METADATA_MS = 2_500;
/** How soon after giving up the attempt's requests must be gone. */
const CUT_OFF_WITHIN_MS = 1_500;

let slowMetadata = false;
let as: HostileServer;
let mcp: RunningOAuthMcpServer;
const connections: Connection[] = [];

beforeAll(async () => {
  as = await startHostileServer(async (req, res, seen, origin) => {
    if (seen.path.startsWith('/.well-known/')) {
      if (slowMetadata) await sleep(SLOW_METADATA_MS);
      if (res.destroyed) return;
      return sendJson(res, 200, asMetadata(origin, { jwks_uri: `${origin}/jwks` }));
    }
    if (seen.path === '/register') {
      await bodyOf(req);
      return; // and never answer: the request stays open until the client lets go
    }
    res.writeHead(404).end();
  });
  // A real MCP server trusting the hostile authorization server (it reads its metadata once, at start).
  mcp = await startOAuthMcpServer({ issuer: as.origin });
});

afterAll(async () => {
  await mcp?.stop();
  await as?.close();
  await stopAllServers();
});

afterEach(async () => {
  await Promise.all(connections.splice(0).map((connection) => connection.disconnect()));
  slowMetadata = false;
  as.reset();
});

function connectionTo(requestTimeoutMs: number): Connection {
  const connection = new Connection({
    url: mcp.url,
    requestTimeoutMs,
    auth: new NodeOAuth({ serverUrl: mcp.url, store: createMemoryStore(), onSignIn: () => undefined }),
  });
  connections.push(connection);
  return connection;
}

const registrations = () => as.requests.filter((request) => request.path === '/register');

describe('a connection that gives up on a slow authorization server', () => {
  it('asks nothing more once its handshake deadline has passed during discovery', async () => {
    slowMetadata = true;
    const connection = connectionTo(HANDSHAKE_TIMEOUT_MS);
    connection.connect();
    const failed = await waitForState(connection, ['failed', 'pending_auth', 'ready']);
    const gaveUpAt = Date.now();
    expect(failed.state).toBe('failed');
    expect(failed.error?.code).toBe('timeout');
    // Long enough for the slow metadata to have answered and a registration to have followed.
    await sleep(SLOW_METADATA_MS + 500);
    expect(as.requests.filter((request) => request.at > gaveUpAt)).toEqual([]);
    expect(registrations()).toEqual([]);
    // The metadata request itself was cut off when the connection gave up, not answered later.
    expect(as.open()).toEqual([]);
    for (const request of as.requests) expect(request.closedAt).toBeLessThan(gaveUpAt + CUT_OFF_WITHIN_MS);
  });

  it('cuts off a registration still waiting when the deadline passes', async () => {
    const connection = connectionTo(REGISTRATION_REACHED_TIMEOUT_MS);
    connection.connect();
    const failed = await waitForState(connection, ['failed', 'pending_auth', 'ready']);
    const gaveUpAt = Date.now();
    expect(failed.error?.code).toBe('timeout');
    expect(registrations()).toHaveLength(1);
    await waitUntil(() => as.open().length === 0, 'the registration request to close', CUT_OFF_WITHIN_MS);
    await sleep(300);
    expect(as.requests.filter((request) => request.at > gaveUpAt)).toEqual([]);
  });

  it('cuts off a registration when the connection is disconnected, and a new attempt is not held up', async () => {
    const connection = connectionTo(30_000);
    connection.connect();
    await waitUntil(() => registrations().length === 1, 'the registration request');
    await connection.disconnect();
    const disconnectedAt = Date.now();
    await waitUntil(() => as.open().length === 0, 'the registration request to close', CUT_OFF_WITHIN_MS);
    expect(registrations()[0]?.closedAt).toBeLessThan(disconnectedAt + CUT_OFF_WITHIN_MS);
    expect(connection.getSnapshot().state).toBe('disconnected');

    // Nothing of the abandoned attempt holds the registration (its lock, its request): a new one goes out now.
    connection.retry();
    await waitUntil(() => registrations().length === 2, 'a second registration request', CUT_OFF_WITHIN_MS);
    await connection.disconnect();
    await waitUntil(
      () => as.open().length === 0,
      'the second registration request to close',
      CUT_OFF_WITHIN_MS,
    );
  });
});

/** Until `signal` aborts (bounded: a test fails rather than waits forever). */
function untilAborted(signal: AbortSignal | undefined): Promise<never> {
  return new Promise((_, reject) => {
    if (!signal) return reject(new Error('no signal was passed'));
    const timer = setTimeout(() => reject(new Error('the signal never aborted')), 5_000);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });
}

describe("the connection hands its plug-in the attempt's abort signal", () => {
  const signInRequired = () =>
    Object.assign(new McpUseError('auth_required', 'Sign-in required'), {
      authorizationUrl: 'http://127.0.0.1:1/authorize',
    });

  it('with a 401, aborted when the connection is disconnected', async () => {
    const server = await startServer({ kind: 'v2', bearer: 'the-only-token' });
    const seen: ConnectionAuthContext[] = [];
    const auth: ConnectionAuth = {
      token: async () => undefined,
      onUnauthorized: (_response, context = {}) => {
        seen.push(context);
        return untilAborted(context.signal);
      },
      prepareAuthorization: async () => 'http://127.0.0.1:1/authorize',
      authorize: async () => undefined,
    };
    const connection = new Connection({ url: server.url, auth, requestTimeoutMs: 30_000 });
    connection.connect();
    await waitUntil(() => seen.length === 1, 'the 401 to reach the plug-in');
    expect(seen[0]?.signal?.aborted).toBe(false);
    await connection.disconnect();
    expect(seen[0]?.signal?.aborted).toBe(true);
  });

  it('when a fresh URL is prepared after a failed sign-in, aborted when the connection is disconnected', async () => {
    const server = await startServer({ kind: 'v2', bearer: 'the-only-token' });
    const seen: ConnectionAuthContext[] = [];
    const auth: ConnectionAuth = {
      token: async () => undefined,
      onUnauthorized: async () => {
        throw signInRequired();
      },
      prepareAuthorization: (context = {}) => {
        seen.push(context);
        return untilAborted(context.signal);
      },
      authorize: async () => {
        throw new McpUseError('auth_popup_closed', 'The sign-in window was closed');
      },
    };
    const connection = new Connection({ url: server.url, auth });
    connection.connect();
    await waitForState(connection, ['pending_auth']);
    connection.authenticate();
    await waitUntil(() => seen.length === 1, 'a fresh authorization URL to be asked for');
    await connection.disconnect();
    expect(seen[0]?.signal?.aborted).toBe(true);
  });

  it('when a step-up is prepared', async () => {
    const attempt = new AbortController();
    const seen: ConnectionAuthContext[] = [];
    const auth: ConnectionAuth = {
      token: async () => undefined,
      onUnauthorized: async () => undefined,
      onInsufficientScope: async (_scope, context = {}) => {
        seen.push(context);
        throw signInRequired();
      },
      prepareAuthorization: async () => 'http://127.0.0.1:1/authorize',
      authorize: async () => undefined,
    };
    const stepUp = new StepUp(auth, {}, attempt.signal, () => undefined);
    await stepUp.outcome(new InsufficientScopeError({ requiredScope: 'admin' }));
    expect(seen[0]?.signal).toBe(attempt.signal);
  });
});
