import { afterAll, describe, expect, it, vi } from 'vitest';
import { Connection } from '../../../src/core/Connection';
import { McpUseError } from '../../../src/core/errors';
import type { ConnectionAuth } from '../../../src/core/connectionAuth';
import { waitForState } from '../../support/connectionStates';
import { startServer, stopAllServers } from '../../support/servers';

const TOKEN = 'signed-in-token';

/** An auth plug-in whose "user" signs in by having `authorize` store the token the test server accepts. */
function fakeAuth(behaviour: { authorize?: () => Promise<void> } = {}) {
  let token: string | undefined;
  let prepared = 0;
  const auth: ConnectionAuth & { prepared: () => number } = {
    token: async () => token,
    onUnauthorized: async () => {
      throw Object.assign(new McpUseError('auth_required', 'Sign-in required'), {
        authorizationUrl: `http://127.0.0.1:1/authorize?n=${prepared}`,
      });
    },
    authorize: vi.fn(async () => {
      if (behaviour.authorize) return behaviour.authorize();
      token = TOKEN;
    }),
    prepareAuthorization: vi.fn(async () => {
      prepared += 1;
      return `http://127.0.0.1:1/authorize?n=${prepared}`;
    }),
    prepared: () => prepared,
  };
  return auth;
}

afterAll(() => stopAllServers());

describe('Connection sign-in states', () => {
  it('waits in pending_auth with the prepared URL, then authenticate() signs in and reaches ready', async () => {
    const server = await startServer({ kind: 'v2', bearer: TOKEN });
    const auth = fakeAuth();
    const connection = new Connection({ url: server.url, auth });
    connection.connect();
    const pending = await waitForState(connection, ['pending_auth', 'failed', 'ready']);
    expect(pending.state).toBe('pending_auth');
    expect(pending.authUrl).toBe('http://127.0.0.1:1/authorize?n=0');
    expect(auth.authorize).not.toHaveBeenCalled();

    connection.authenticate();
    expect(connection.getSnapshot().state).toBe('authenticating');
    expect(auth.authorize).toHaveBeenCalledTimes(1);
    const ready = await waitForState(connection, ['ready', 'failed']);
    expect(ready.state).toBe('ready');
    await connection.disconnect();
  });

  it('returns to pending_auth with the error and a fresh URL when sign-in fails', async () => {
    const server = await startServer({ kind: 'v2', bearer: TOKEN });
    const closed = new McpUseError('auth_popup_closed', 'The sign-in window was closed');
    const auth = fakeAuth({ authorize: () => Promise.reject(closed) });
    const connection = new Connection({ url: server.url, auth });
    connection.connect();
    await waitForState(connection, ['pending_auth']);
    connection.authenticate();
    await vi.waitFor(() => expect(connection.getSnapshot().authUrl).toBe('http://127.0.0.1:1/authorize?n=1'));
    expect(connection.getSnapshot()).toMatchObject({ state: 'pending_auth', error: closed });
    await connection.disconnect();
  });

  it('starts sign-in by itself when preventAutoAuth is false', async () => {
    const server = await startServer({ kind: 'v2', bearer: TOKEN });
    const auth = fakeAuth();
    const connection = new Connection({ url: server.url, auth, preventAutoAuth: false });
    connection.connect();
    expect((await waitForState(connection, ['ready', 'failed'])).state).toBe('ready');
    expect(auth.authorize).toHaveBeenCalledTimes(1);
    await connection.disconnect();
  });

  it('abandons a sign-in in progress on disconnect', async () => {
    const server = await startServer({ kind: 'v2', bearer: TOKEN });
    let signal: AbortSignal | undefined;
    const auth = fakeAuth();
    auth.authorize = vi.fn((_url: string, s: AbortSignal) => {
      signal = s;
      return new Promise<void>(() => undefined);
    });
    const connection = new Connection({ url: server.url, auth });
    connection.connect();
    await waitForState(connection, ['pending_auth']);
    connection.authenticate();
    await connection.disconnect();
    expect(signal?.aborted).toBe(true);
    expect(connection.getSnapshot().state).toBe('disconnected');
  });
});

describe('a 401 that raced a newer token', () => {
  it('is answered by retrying with the current token, not by asking the plug-in to replace it', async () => {
    const server = await startServer({ kind: 'v2' });
    let current = 'token-a';
    const refusals: string[] = [];
    const auth: ConnectionAuth = {
      token: async () => current,
      onUnauthorized: async () => {
        refusals.push(current);
        current = `${current}-replaced`;
      },
      authorize: async () => undefined,
      prepareAuthorization: async () => 'http://127.0.0.1:1/authorize',
    };
    // The server would refuse token-a once it is superseded; this stands in for that refusal, and holds it back
    // until the newer token has gone out with another request (as parallel requests do).
    let releaseRefusal: () => void = () => undefined;
    const refusalHeld = new Promise<void>((resolve) => {
      releaseRefusal = resolve;
    });
    const sentTokens: string[] = [];
    const fetchThroughRace = async (input: string | URL, init?: RequestInit): Promise<Response> => {
      const authorization = new Headers(init?.headers).get('authorization') ?? '';
      const body = typeof init?.body === 'string' ? init.body : '';
      if (body.includes('"tools/call"')) sentTokens.push(authorization);
      if (body.includes('"raced"') && authorization === 'Bearer token-a') {
        await refusalHeld;
        return new Response(null, { status: 401 });
      }
      return fetch(input, init);
    };
    const connection = new Connection({ url: server.url, auth, fetch: fetchThroughRace });
    connection.connect();
    expect((await waitForState(connection, ['ready', 'failed'])).state).toBe('ready');

    const raced = connection.callTool('echo', { text: 'raced' });
    await vi.waitFor(() => expect(sentTokens).toEqual(['Bearer token-a']));
    current = 'token-b'; // another request's refresh stored a newer token meanwhile
    await connection.callTool('echo', { text: 'newer' });
    releaseRefusal();

    expect(await raced).toMatchObject({ content: [{ type: 'text', text: 'raced' }] });
    expect(refusals).toEqual([]);
    expect(sentTokens).toEqual(['Bearer token-a', 'Bearer token-b', 'Bearer token-b']);
    await connection.disconnect();
  });
});
