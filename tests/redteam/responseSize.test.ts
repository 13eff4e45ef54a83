// Servers that answer with 50 MB: protected-resource and authorization-server metadata, registration, token
// (code exchange, refresh, error answers) and revocation. The engine must stop reading at its cap with a typed
// error, and hang up: the hostile server counts the bytes the client's socket actually took.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MAX_TOKEN_RESPONSE_BYTES } from '../../src/auth/boundedResponse';
import { completeAuthorization } from '../../src/auth/completeAuthorization';
import type { OAuthEnv } from '../../src/auth/env';
import { createMutexLock } from '../../src/auth/lock';
import { createMemoryStore } from '../../src/auth/memoryStore';
import { OAuthSession } from '../../src/auth/OAuthSession';
import { asMetadata } from '../integration/auth/helpers';
import { manualClock } from '../support/manualClock';
import { rejectionOf } from '../support/failures';
import {
  bodyOf,
  type HostileServer,
  type SeenRequest,
  sendJson,
  startHostileServer,
  streamHugeJson,
  waitUntil,
} from './support/hostile';

const CALLBACK_URL = 'http://127.0.0.1:9/callback';
/**
 * What may reach the client before it hangs up: its cap (1 MiB at most) plus what the kernel's socket buffers on
 * both ends hold meanwhile. Far below the 50 MB sent otherwise.
 */
const MAX_BYTES_TAKEN = 12 * 1024 * 1024;
const HANG_UP_WITHIN_MS = 3_000;

type HugeAt =
  | 'resource_metadata'
  | 'authorization_server_metadata'
  | 'authorization_server_metadata_declared'
  | 'register'
  | 'token'
  | 'token_error'
  | 'revoke'
  | undefined;

let hugeAt: HugeAt;
let mcp: HostileServer;
let as: HostileServer;

beforeAll(async () => {
  as = await startHostileServer(async (req, res, seen, origin) => {
    if (seen.path === '/.well-known/oauth-authorization-server') {
      const metadata = asMetadata(origin, { revocation_endpoint: `${origin}/revoke` });
      if (hugeAt === 'authorization_server_metadata') return streamHugeJson(res, metadata);
      if (hugeAt === 'authorization_server_metadata_declared') {
        return streamHugeJson(res, metadata, { declareLength: true });
      }
      return sendJson(res, 200, metadata);
    }
    await bodyOf(req);
    if (seen.path === '/register') {
      const client = { client_id: 'c1', redirect_uris: [CALLBACK_URL] };
      return hugeAt === 'register'
        ? streamHugeJson(res, client, { status: 201 })
        : sendJson(res, 201, client);
    }
    if (seen.path === '/token') {
      const tokens = { access_token: 'a1', token_type: 'bearer', expires_in: 60, refresh_token: 'r1' };
      if (hugeAt === 'token') return streamHugeJson(res, tokens);
      if (hugeAt === 'token_error') return streamHugeJson(res, { error: 'invalid_grant' }, { status: 400 });
      return sendJson(res, 200, tokens);
    }
    if (seen.path === '/revoke') {
      return hugeAt === 'revoke' ? streamHugeJson(res, {}) : void res.writeHead(200).end();
    }
    res.writeHead(404).end();
  });
  mcp = await startHostileServer((_req, res, seen, origin) => {
    if (seen.path === '/.well-known/oauth-protected-resource/mcp') {
      const document = { resource: `${origin}/mcp`, authorization_servers: [as.origin] };
      return hugeAt === 'resource_metadata' ? streamHugeJson(res, document) : sendJson(res, 200, document);
    }
    res.writeHead(404).end();
  });
});

afterAll(async () => {
  await Promise.all([mcp.close(), as.close()]);
});

afterEach(() => {
  hugeAt = undefined;
  mcp.reset();
  as.reset();
});

function engine(overrides: OAuthEnv = {}) {
  const env: OAuthEnv = {
    store: createMemoryStore(),
    lock: createMutexLock(),
    requestTimeoutMs: 10_000,
    ...overrides,
  };
  return {
    env,
    session: new OAuthSession({ serverUrl: `${mcp.origin}/mcp`, callbackUrl: CALLBACK_URL }, env),
  };
}

/** The hostile server was cut off: it sent far less than 50 MB, and its connection closed soon. */
async function expectHungUp(server: HostileServer, path: string): Promise<void> {
  const huge = server.requests.filter((request) => request.path === path);
  expect(huge.length).toBeGreaterThan(0);
  await waitUntil(
    () => huge.every((request) => request.closedAt !== undefined),
    `${path} to close`,
    HANG_UP_WITHIN_MS,
  );
  for (const request of huge as SeenRequest[]) expect(request.bytesSent).toBeLessThan(MAX_BYTES_TAKEN);
}

/** Signs in with the real engine: prepare, then the callback with a code, exchanged at /token. */
async function signIn(session: OAuthSession, env: OAuthEnv): Promise<void> {
  const prepared = await session.prepareAuthorization({ flow: 'loopback' });
  const callback = new URL(CALLBACK_URL);
  callback.search = new URLSearchParams({ code: 'abc', state: prepared.state, iss: as.origin }).toString();
  await completeAuthorization(callback, env);
}

describe('50 MB answers during discovery and registration', () => {
  it.each([
    [
      'protected-resource metadata',
      'resource_metadata',
      () => mcp,
      '/.well-known/oauth-protected-resource/mcp',
    ],
    [
      'authorization-server metadata',
      'authorization_server_metadata',
      () => as,
      '/.well-known/oauth-authorization-server',
    ],
    [
      'authorization-server metadata with a Content-Length of 50 MB',
      'authorization_server_metadata_declared',
      () => as,
      '/.well-known/oauth-authorization-server',
    ],
    ['a registration answer', 'register', () => as, '/register'],
  ] as const)('%s: a typed error, and the server is cut off', async (_, where, server, path) => {
    hugeAt = where;
    const { session } = engine();
    const error = await rejectionOf(session.prepareAuthorization({ flow: 'loopback' }));
    expect(error).toMatchObject({ code: 'auth_response_too_large', serverUrl: `${mcp.origin}/mcp` });
    expect(error.message).toContain(`${server().origin}${path}`);
    await expectHungUp(server(), path);
  });
});

describe('50 MB answers from the token and revocation endpoints', () => {
  it('a code exchange answered with 50 MB fails typed, before any token is stored', async () => {
    const { env, session } = engine();
    hugeAt = 'token';
    const error = await rejectionOf(signIn(session, env));
    expect(error).toMatchObject({
      code: 'auth_response_too_large',
      purpose: 'token_endpoint',
      limitBytes: MAX_TOKEN_RESPONSE_BYTES,
    });
    expect(await session.hasTokens()).toBe(false);
    await expectHungUp(as, '/token');
  });

  it('an error answer of 50 MB is cut off too', async () => {
    const { env, session } = engine();
    hugeAt = 'token_error';
    expect(await rejectionOf(signIn(session, env))).toMatchObject({ code: 'auth_response_too_large' });
    await expectHungUp(as, '/token');
  });

  it('a refresh answered with 50 MB fails typed', async () => {
    const clock = manualClock();
    const { env, session } = engine({ now: clock.now });
    await signIn(session, env);
    hugeAt = 'token';
    clock.advance(120_000); // the 60 s access token has expired: accessToken() must refresh
    expect(await rejectionOf(session.accessToken())).toMatchObject({
      code: 'auth_response_too_large',
      purpose: 'token_endpoint',
    });
    await expectHungUp(as, '/token');
  });

  it('a revocation answered with 50 MB is cut off, logged, and signing out still forgets the tokens', async () => {
    const logs: { message: string; data?: Record<string, unknown> }[] = [];
    const { env, session } = engine({
      log: (_level, message, data) => logs.push({ message, ...(data ? { data } : {}) }),
    });
    await signIn(session, env);
    hugeAt = 'revoke';
    await session.logout();
    expect(await session.hasTokens()).toBe(false);
    const failures = logs.filter((entry) => entry.message === 'token revocation failed');
    expect(failures.map((entry) => (entry.data?.error as { code?: string })?.code)).toEqual([
      'auth_response_too_large',
      'auth_response_too_large',
    ]);
    await expectHungUp(as, '/revoke');
  });
});
