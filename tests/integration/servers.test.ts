// Proves the real test servers (tests/servers/*.mjs) and their harness work, using the v2 client SDK directly,
// so a failure in the library's own tests can be told apart from a broken fixture.
import {
  Client,
  type ClientOptions,
  SSEClientTransport,
  StreamableHTTPClientTransport,
  type Tool,
  type Transport,
} from '@modelcontextprotocol/client';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type RunningServer, type ServerKind, startServer, stopAllServers } from '../support/servers';

const TOKEN = 'test-token-123';
const BUILT_IN_TOOLS = ['add', 'echo', 'fail', 'send_email', 'slow'];
const NOTIFICATION_TIMEOUT_MS = 5_000;

/** How each kind is reached: the transport, the negotiation mode, and the era that must come out of it. */
interface Variant {
  label: string;
  kind: ServerKind;
  mode: 'auto' | 'legacy';
  era: 'modern' | 'legacy';
}

const VARIANTS: Variant[] = [
  { label: 'v2 server, auto negotiation', kind: 'v2', mode: 'auto', era: 'modern' },
  { label: 'v2 server, legacy-only client', kind: 'v2', mode: 'legacy', era: 'legacy' },
  { label: 'v1 legacy server, auto negotiation', kind: 'v1-legacy', mode: 'auto', era: 'legacy' },
  { label: 'v1 SSE server', kind: 'v1-sse', mode: 'legacy', era: 'legacy' },
];
const KINDS: ServerKind[] = ['v2', 'v1-legacy', 'v1-sse'];

const openClients = new Set<Client>();

function transportFor(server: RunningServer, token?: string): Transport {
  const requestInit = token ? { headers: { Authorization: `Bearer ${token}` } } : undefined;
  const url = new URL(server.url);
  return server.kind === 'v1-sse'
    ? new SSEClientTransport(url, { requestInit })
    : new StreamableHTTPClientTransport(url, { requestInit });
}

async function connect(
  server: RunningServer,
  options: { mode?: 'auto' | 'legacy'; token?: string; listChanged?: ClientOptions['listChanged'] } = {},
): Promise<Client> {
  const client = new Client(
    { name: 'servers-test', version: '1.0.0' },
    { versionNegotiation: { mode: options.mode ?? 'legacy' }, listChanged: options.listChanged },
  );
  await client.connect(transportFor(server, options.token));
  openClients.add(client);
  return client;
}

function textOf(result: { content?: unknown }): string {
  const [first] = (result.content ?? []) as Array<{ type: string; text?: string }>;
  return first?.type === 'text' ? (first.text ?? '') : '';
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * A client whose tools list-changed handler fires `nextChange()` with the refreshed list. The timeout starts
 * only when a test asks, so a test that never waits leaves no dangling rejection behind.
 */
async function connectWatchingTools(server: RunningServer, mode: 'auto' | 'legacy') {
  let resolveChanged: (tools: Tool[]) => void = () => {};
  let rejectChanged: (error: Error) => void = () => {};
  const changed = new Promise<Tool[]>((resolve, reject) => {
    resolveChanged = resolve;
    rejectChanged = reject;
  });
  const onChanged = (error: Error | null, tools: Tool[] | null) => {
    if (error) rejectChanged(error);
    else resolveChanged(tools ?? []);
  };
  changed.catch(() => {}); // observed through nextChange(); keeps an unawaited failure from going unhandled
  const client = await connect(server, { mode, listChanged: { tools: { debounceMs: 0, onChanged } } });
  return { client, nextChange: () => withTimeout(changed, NOTIFICATION_TIMEOUT_MS, 'tools list-changed') };
}

async function closeClients(): Promise<void> {
  const clients = [...openClients];
  openClients.clear();
  await Promise.allSettled(clients.map((client) => client.close()));
}

afterEach(closeClients);
afterAll(stopAllServers);

const servers = {} as Record<ServerKind, RunningServer>;

beforeAll(async () => {
  const started = await Promise.all(KINDS.map((kind) => startServer({ kind })));
  for (const server of started) servers[server.kind] = server;
});

describe.each(VARIANTS)('$label', ({ kind, mode, era }) => {
  it(`connects in the ${era} era and lists every fixture`, async () => {
    const client = await connect(servers[kind], { mode });
    expect(client.getProtocolEra()).toBe(era);

    const tools = (await client.listTools()).tools.map((tool) => tool.name).sort();
    expect(tools).toEqual(expect.arrayContaining(BUILT_IN_TOOLS));
    const resources = (await client.listResources()).resources.map((resource) => resource.uri);
    expect(resources).toEqual(['test://greeting']);
    const templates = (await client.listResourceTemplates()).resourceTemplates.map((t) => t.uriTemplate);
    expect(templates).toEqual(['test://items/{id}']);
    expect((await client.listPrompts()).prompts.map((prompt) => prompt.name)).toEqual(['greet']);
  });

  it('calls tools, reads resources and gets the prompt', async () => {
    const client = await connect(servers[kind], { mode });

    expect(textOf(await client.callTool({ name: 'echo', arguments: { text: 'hi there' } }))).toBe('hi there');
    expect(textOf(await client.callTool({ name: 'add', arguments: { a: 2, b: 3 } }))).toBe('5');
    expect(textOf(await client.callTool({ name: 'send_email', arguments: { to: 'a@b.c' } }))).toBe(
      'sent to a@b.c',
    );
    expect(textOf(await client.callTool({ name: 'slow', arguments: { ms: 20 } }))).toBe('done');
    const failed = await client.callTool({ name: 'fail', arguments: {} });
    expect(failed.isError).toBe(true);
    expect(textOf(failed)).not.toBe('');

    const greeting = await client.readResource({ uri: 'test://greeting' });
    expect(greeting.contents).toEqual([expect.objectContaining({ uri: 'test://greeting', text: 'hello' })]);
    const item = await client.readResource({ uri: 'test://items/7' });
    expect(item.contents).toEqual([expect.objectContaining({ text: 'item 7' })]);

    const prompt = await client.getPrompt({ name: 'greet', arguments: { name: 'Ada' } });
    expect(prompt.messages).toEqual([{ role: 'user', content: { type: 'text', text: 'Hello, Ada!' } }]);
  });

  it('delivers tools list-changed after /__control/add-tool', async () => {
    const { client, nextChange } = await connectWatchingTools(servers[kind], mode);
    const name = `added_${mode}_${kind.replace('-', '_')}`;
    // A notification sent before the client's stream is open is lost by design; wait for the stream.
    await vi.waitFor(async () => expect((await servers[kind].stats()).openStreams).toBeGreaterThan(0), {
      timeout: 5_000,
      interval: 50,
    });
    await servers[kind].addTool(name);

    expect((await nextChange()).map((tool) => tool.name)).toContain(name);
    expect(textOf(await client.callTool({ name, arguments: {} }))).toBe('added');
  });

  it('counts requests and JSON-RPC methods', async () => {
    const client = await connect(servers[kind], { mode });
    await servers[kind].resetStats();
    await client.callTool({ name: 'echo', arguments: { text: 'x' } });
    await client.callTool({ name: 'echo', arguments: { text: 'y' } });

    const stats = await servers[kind].stats();
    expect(stats.methods['tools/call']).toBe(2);
    // A legacy client may (re)open its GET stream at any moment; every other request here is a tools/call.
    expect(stats.requests - (stats.methods.GET ?? 0)).toBe(2);
  });
});

describe('connection statistics', () => {
  it('counts the handshake and the open notification stream per era', async () => {
    const server = servers.v2;
    await server.resetStats();
    await connectWatchingTools(server, 'auto');
    const modern = await server.stats();
    expect(modern.methods['server/discover']).toBe(1);
    expect(modern.methods['subscriptions/listen']).toBe(1);
    expect(modern.openStreams).toBeGreaterThanOrEqual(1);

    await server.resetStats();
    await connect(server, { mode: 'legacy' });
    const legacy = await server.stats();
    expect(legacy.methods).toMatchObject({ initialize: 1, 'notifications/initialized': 1 });
  });
});

describe.each(KINDS)('%s server with --bearer', (kind) => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ kind, bearer: TOKEN });
  });

  it('answers 401 with a Bearer challenge and CORS headers when the token is missing', async () => {
    const response =
      kind === 'v1-sse'
        ? await fetch(server.url, { headers: { accept: 'text/event-stream' } })
        : await fetch(server.url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
            body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }),
          });
    await response.body?.cancel();
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer\b/);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-expose-headers')).toMatch(/WWW-Authenticate/i);
  });

  it('refuses a client without the token and serves one with it', async () => {
    await expect(connect(server, { mode: 'auto' })).rejects.toThrow();
    const client = await connect(server, { mode: 'auto', token: TOKEN });
    expect(textOf(await client.callTool({ name: 'echo', arguments: { text: 'ok' } }))).toBe('ok');
  });
});

describe.each(KINDS)('%s server with --empty', (kind) => {
  it('accepts a connection and advertises no tools', async () => {
    const server = await startServer({ kind, empty: true });
    const client = await connect(server, { mode: 'auto' });
    expect(client.getServerCapabilities()?.tools).toBeUndefined();
    expect(client.getServerCapabilities()?.resources).toBeUndefined();
    expect(client.getServerCapabilities()?.prompts).toBeUndefined();
    await server.stop();
  });
});

describe('CORS preflight', () => {
  it('allows the MCP headers and echoes custom ones', async () => {
    const response = await fetch(servers.v2.url, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://127.0.0.1:1',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type, mcp-method, x-custom',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-headers')).toContain('x-custom');
    expect(response.headers.get('access-control-allow-headers')).toContain('mcp-method');
  });
});

describe('v1 SSE server', () => {
  it('refuses a Streamable HTTP POST so clients fall back to SSE', async () => {
    const response = await fetch(servers['v1-sse'].url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: {} }),
    });
    await response.body?.cancel();
    expect([404, 405]).toContain(response.status);
  });
});

describe.each(KINDS)('%s server stop and restart', (kind) => {
  it('stops, refuses connections, and comes back on the same port', async () => {
    const server = await startServer({ kind });
    const { port, pid } = server;
    await server.stop();
    await expect(fetch(server.url, { signal: AbortSignal.timeout(2_000) })).rejects.toThrow();

    await server.restart();
    expect(server.port).toBe(port);
    expect(server.pid).not.toBe(pid);
    const client = await connect(server, { mode: 'auto' });
    expect(textOf(await client.callTool({ name: 'echo', arguments: { text: 'back' } }))).toBe('back');
    await closeClients();
    await server.stop();
  });
});
