// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these tests write ${VAR} references into configurations
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { UnauthorizedError } from '../../../src/core/errors';
import { type ClientLogEntry, MCPClient, type MCPSession, MissingEnvVarError } from '../../../src/node/index';
import { type RunningServer, startServer, stopAllServers } from '../../support/servers';
import { rejectionOf } from '../../support/failures';

const TOKEN = 'sk-integration-secret-7f3a';
const FIXTURE_TOOLS = ['echo', 'add', 'send_email', 'fail', 'slow'];

let modern: RunningServer;
let secured: RunningServer;
let legacy: RunningServer;
let sse: RunningServer;
const clients: MCPClient[] = [];

function client(
  config: Parameters<typeof MCPClient.fromDict>[0],
  options?: ConstructorParameters<typeof MCPClient>[1],
) {
  const created = MCPClient.fromDict(config, { autoReconnect: false, ...options });
  clients.push(created);
  return created;
}

/** Resolves once the session's connection reaches `state`; rejects after `ms` (event-driven, no polling). */
function waitForState(session: MCPSession, state: string, ms = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (session.state !== state) return;
      clearTimeout(timer);
      unsubscribe();
      resolve();
    };
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`session stayed ${session.state}, expected ${state}`));
    }, ms);
    const unsubscribe = session.connection.subscribe(check);
    check();
  });
}

beforeAll(async () => {
  [modern, secured, legacy, sse] = await Promise.all([
    startServer({ kind: 'v2' }),
    startServer({ kind: 'v2', bearer: TOKEN }),
    startServer({ kind: 'v1-legacy' }),
    startServer({ kind: 'v1-sse' }),
  ]);
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((created) => created.closeAllSessions()));
  delete process.env.MCP_USE_TEST_TOKEN;
  delete process.env.MCP_USE_TEST_UNSET;
});

afterAll(async () => {
  await stopAllServers();
});

describe('authentication', () => {
  it('a wrong token rejects createSession with a typed 401 naming the server, and no session is kept', async () => {
    const mcp = client({ mcpServers: { 'my-server': { url: secured.url, authToken: 'sk-wrong-token' } } });
    const error = await rejectionOf(mcp.createSession('my-server'));
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect(error).toMatchObject({
      code: 'unauthorized',
      status: 401,
      serverName: 'my-server',
      serverUrl: secured.url,
    });
    expect(error.message).toContain('"my-server"');
    expect(error.message).not.toContain('sk-wrong-token');
    expect(mcp.getSession('my-server')).toBeUndefined();
  });

  it('no token at all against a bearer server is a typed 401 too', async () => {
    const mcp = client({ mcpServers: { open: { url: secured.url } } });
    await expect(mcp.createSession('open')).rejects.toMatchObject({
      code: 'unauthorized',
      serverName: 'open',
    });
  });

  it('auth_token (snake_case) authenticates like authToken', async () => {
    const mcp = client({ mcpServers: { snake: { url: secured.url, auth_token: TOKEN } } });
    expect((await mcp.createSession('snake')).state).toBe('ready');
  });

  it('an explicit Authorization header wins over authToken', async () => {
    const mcp = client({
      mcpServers: {
        both: {
          url: secured.url,
          authToken: 'sk-wrong-token',
          headers: { Authorization: `Bearer ${TOKEN}` },
        },
      },
    });
    expect((await mcp.createSession('both')).state).toBe('ready');
  });

  it('a ${VAR} token is read from process.env when the session is created, and never logged', async () => {
    const entries: ClientLogEntry[] = [];
    const mcp = client(
      {
        mcpServers: {
          'env-server': { url: secured.url, headers: { Authorization: 'Bearer ${MCP_USE_TEST_TOKEN}' } },
        },
      },
      { debug: true, onLog: (entry) => entries.push(entry) },
    );
    process.env.MCP_USE_TEST_TOKEN = TOKEN; // set after the client is built: resolution happens per session
    const session = await mcp.createSession('env-server');
    expect(session.tools.map((tool) => tool.name)).toEqual(FIXTURE_TOOLS);
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.every((entry) => entry.serverName === 'env-server')).toBe(true);
    expect(JSON.stringify(entries)).not.toContain(TOKEN);
    expect(JSON.stringify(session.connection.getSnapshot().log)).not.toContain(TOKEN);
  });

  it('a missing ${VAR} rejects with a typed error naming variable, server and field before any request', async () => {
    await secured.resetStats();
    const mcp = client({
      mcpServers: { 'my-server': { url: secured.url, authToken: '${MCP_USE_TEST_UNSET}' } },
    });
    const error = await rejectionOf(mcp.createSession('my-server'));
    expect(error).toBeInstanceOf(MissingEnvVarError);
    expect(error).toMatchObject({
      code: 'missing_env_var',
      serverName: 'my-server',
      variable: 'MCP_USE_TEST_UNSET',
    });
    expect(error.message).toBe(
      'mcpServers.my-server.authToken references ${MCP_USE_TEST_UNSET}, which is not set',
    );
    expect((await secured.stats()).requests).toBe(0);
  });

  it('a ${VAR} in the url is resolved too', async () => {
    process.env.MCP_USE_TEST_TOKEN = String(modern.port);
    const mcp = client({ mcpServers: { templated: { url: 'http://127.0.0.1:${MCP_USE_TEST_TOKEN}/mcp' } } });
    expect((await mcp.createSession('templated')).serverInfo?.name).toBe('v2-test-server');
  });
});

describe('calls through a session', () => {
  it.each([
    ['v2', () => modern, 'modern', 'http'],
    ['v1-legacy', () => legacy, 'legacy', 'http'],
    ['v1-sse', () => sse, 'legacy', 'sse'],
  ] as const)(
    '%s server: tools, resources, templates and prompts round-trip',
    async (_kind, server, era, transport) => {
      const mcp = client({ mcpServers: { s: { url: server().url } } });
      const session = await mcp.createSession('s');
      expect(session.connection.getSnapshot()).toMatchObject({ era, transport });

      expect(await session.callTool('echo', { text: 'hi there' })).toMatchObject({
        content: [{ type: 'text', text: 'hi there' }],
      });
      expect(await session.callTool('add', { a: 2, b: 40 })).toMatchObject({
        content: [{ type: 'text', text: '42' }],
      });
      expect(await session.callTool('fail')).toMatchObject({ isError: true });

      const greeting = await session.readResource('test://greeting');
      expect(greeting.contents).toEqual([{ uri: 'test://greeting', mimeType: 'text/plain', text: 'hello' }]);
      expect((await session.readResource('test://items/7')).contents[0]).toMatchObject({ text: 'item 7' });
      expect((await session.listResources()).map((resource) => resource.uri)).toEqual(['test://greeting']);
      expect((await session.listResourceTemplates()).map((template) => template.uriTemplate)).toEqual([
        'test://items/{id}',
      ]);

      expect((await session.listPrompts()).map((prompt) => prompt.name)).toEqual(['greet']);
      const prompt = await session.getPrompt('greet', { name: 'Ada' });
      expect(prompt.messages).toEqual([{ role: 'user', content: { type: 'text', text: 'Hello, Ada!' } }]);
    },
  );

  it('a call that outlives its timeout rejects with a typed timeout', async () => {
    const mcp = client({ mcpServers: { s: { url: modern.url } } });
    const session = await mcp.createSession('s');
    await expect(session.callTool('slow', { ms: 2_000 }, { timeoutMs: 200 })).rejects.toMatchObject({
      code: 'timeout',
    });
  });
});

describe('session bookkeeping', () => {
  it('createSession twice gives the same session over one connection', async () => {
    const mcp = client({ mcpServers: { s: { url: modern.url } } });
    const [first, second] = await Promise.all([mcp.createSession('s'), mcp.createSession('s')]);
    expect(second).toBe(first);
    expect(await mcp.createSession('s')).toBe(first);
    expect(mcp.getSession('s')).toBe(first);
  });

  it('createAllSessions keeps the servers that connected and reports each one that did not', async () => {
    const mcp = client({
      mcpServers: {
        good: { url: modern.url },
        refused: { url: secured.url, authToken: 'sk-wrong-token' },
        alsoGood: { url: legacy.url },
      },
    });
    const { sessions, errors } = await mcp.createAllSessions();
    expect(Object.keys(sessions).sort()).toEqual(['alsoGood', 'good']);
    expect(sessions.good?.state).toBe('ready');
    expect(Object.keys(errors)).toEqual(['refused']);
    expect(errors.refused).toBeInstanceOf(UnauthorizedError);
    expect(errors.refused).toMatchObject({ serverName: 'refused', status: 401 });
    expect(Object.keys(mcp.getAllActiveSessions()).sort()).toEqual(['alsoGood', 'good']);
    expect(await sessions.good?.callTool('echo', { text: 'still fine' })).toMatchObject({
      content: [{ text: 'still fine' }],
    });
  });

  it('createSession replaces a session whose connection failed with a new, ready one', async () => {
    const own = await startServer({ kind: 'v1-legacy' });
    const mcp = client({ mcpServers: { s: { url: own.url } } });
    const first = await mcp.createSession('s');
    await own.stop();
    await waitForState(first, 'failed'); // autoReconnect is off in these tests
    await own.restart();
    const second = await mcp.createSession('s');
    expect(second).not.toBe(first);
    expect(second.state).toBe('ready');
    expect(first.state).toBe('disconnected');
    expect(mcp.getSession('s')).toBe(second);
  });

  it('closeSession disconnects and forgets the session; calls on it then fail with not_connected', async () => {
    const mcp = client({ mcpServers: { s: { url: legacy.url } } });
    const session = await mcp.createSession('s');
    await mcp.closeSession('s');
    expect(session.state).toBe('disconnected');
    expect(mcp.getSession('s')).toBeUndefined();
    expect(mcp.getAllActiveSessions()).toEqual({});
    await expect(session.callTool('echo', { text: 'x' })).rejects.toMatchObject({ code: 'not_connected' });
  });

  it('closeSession while connecting cancels it: createSession rejects with aborted', async () => {
    const mcp = client({ mcpServers: { s: { url: modern.url } } });
    const pending = mcp.createSession('s');
    await mcp.closeSession('s');
    await expect(pending).rejects.toMatchObject({ code: 'aborted', serverName: 's' });
    expect(mcp.getAllActiveSessions()).toEqual({});
  });

  it('closeAllSessions disconnects every session and the servers see their streams close', async () => {
    const mcp = client({
      mcpServers: { a: { url: modern.url }, b: { url: legacy.url }, c: { url: sse.url } },
    });
    const { sessions } = await mcp.createAllSessions();
    expect(Object.keys(sessions)).toHaveLength(3);
    const openStreams = async () => {
      const counts = await Promise.all(
        [modern, legacy, sse].map(async (server) => (await server.stats()).openStreams),
      );
      return counts.reduce((sum, count) => sum + count, 0);
    };
    expect(await openStreams()).toBeGreaterThan(0); // otherwise the check below could not fail
    await mcp.closeAllSessions();
    expect(Object.values(sessions).map((session) => session.state)).toEqual([
      'disconnected',
      'disconnected',
      'disconnected',
    ]);
    expect(mcp.getAllActiveSessions()).toEqual({});
    // The servers notice a closed stream when the socket goes away; allow them a bounded moment.
    const deadline = Date.now() + 3_000;
    let open = -1;
    while (Date.now() < deadline) {
      open = await openStreams();
      if (open === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(open).toBe(0);
  });
});
