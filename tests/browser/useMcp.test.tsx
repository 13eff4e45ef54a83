import { StrictMode, Suspense, use } from 'react';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { commands } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import type { ServerHandle } from '../support/browserCommands';
import { type UseMcpOptions, type UseMcpResult, useMcp } from '../../src/react';
import { connectionKey } from '../../src/react/connectionKey';
import { connectionPool } from '../../src/react/pool';

const TOKEN = 'browser-test-token';
const AUTH = { Authorization: `Bearer ${TOKEN}` };
const READY_TIMEOUT = { timeout: 15_000, interval: 50 };
/** Health checks an idle connection must stay ready through. */
const HEALTH_CHECKS_WATCHED = 5;

interface Sink {
  current: UseMcpResult | undefined;
  renders: number;
}

function Probe(props: { options: UseMcpOptions; sink: Sink }) {
  const mcp = useMcp(props.options);
  props.sink.current = mcp;
  props.sink.renders += 1;
  return <output>{mcp.state}</output>;
}

/** Renders useMcp in StrictMode (as apps do in development) and exposes the latest result to the test. */
async function mount(options: UseMcpOptions) {
  const sink: Sink = { current: undefined, renders: 0 };
  const tree = (next: UseMcpOptions) => (
    <StrictMode>
      <Probe options={next} sink={sink} />
    </StrictMode>
  );
  const screen = await render(tree(options));
  const rerender = (next: UseMcpOptions) => screen.rerender(tree(next));
  return { sink, screen, rerender, result: () => sink.current! };
}

const never = new Promise<never>(() => undefined);
/** A component that never finishes rendering: the tree around it never commits. */
function SuspendsForever(): null {
  use(never);
  return null;
}

const handshakes = async (id: string) => {
  const { methods } = await commands.mcpServerStats(id);
  // One handshake is a `server/discover` probe, an `initialize`, or a probe answered as legacy and then `initialize`.
  return Math.max(methods.initialize ?? 0, methods['server/discover'] ?? 0);
};

const started: ServerHandle[] = [];
async function server(kind: 'v2' | 'v1-legacy' | 'v1-sse', extra: { bearer?: string; empty?: boolean } = {}) {
  const handle = await commands.startMcpServer({ kind, bearer: TOKEN, ...extra });
  started.push(handle);
  return handle;
}

afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => commands.stopMcpServer(s.id).catch(() => undefined)));
});
afterAll(async () => {
  await commands.stopAllMcpServers();
});

describe('useMcp with bearer headers', () => {
  it('reaches ready against the v2 server in the 2026-07-28 era and calls a tool', async () => {
    const s = await server('v2');
    const { result } = await mount({ url: s.url, headers: AUTH });
    await expect.poll(() => result().state, READY_TIMEOUT).toBe('ready');
    expect(result().era).toBe('modern');
    expect(result().transport).toBe('http');
    expect(result().tools.map((t) => t.name)).toEqual(expect.arrayContaining(['echo', 'add', 'send_email']));
    expect(result().resources.map((r) => r.uri)).toContain('test://greeting');
    expect(result().resourceTemplates.map((t) => t.uriTemplate)).toContain('test://items/{id}');
    expect(result().prompts.map((p) => p.name)).toContain('greet');
    const out = await result().callTool('echo', { text: 'hi there' });
    expect(out.content).toEqual([{ type: 'text', text: 'hi there' }]);
  });

  it('reaches ready against the v1 legacy Streamable HTTP server and calls a tool', async () => {
    const s = await server('v1-legacy');
    const { result } = await mount({ url: s.url, headers: AUTH });
    await expect.poll(() => result().state, READY_TIMEOUT).toBe('ready');
    expect(result().era).toBe('legacy');
    expect(result().transport).toBe('http');
    const out = await result().callTool('add', { a: 2, b: 3 });
    expect(out.content).toEqual([{ type: 'text', text: '5' }]);
  });

  it('falls back to HTTP+SSE for an SSE-only server with transportType auto', async () => {
    const s = await server('v1-sse');
    const { result } = await mount({ url: s.url, headers: AUTH, transportType: 'auto' });
    await expect.poll(() => result().state, READY_TIMEOUT).toBe('ready');
    expect(result().transport).toBe('sse');
    const out = await result().callTool('echo', { text: 'over sse' });
    expect(out.content).toEqual([{ type: 'text', text: 'over sse' }]);
    const read = await result().readResource('test://items/7');
    expect(read.contents[0]).toMatchObject({ text: 'item 7' });
    const prompt = await result().getPrompt('greet', { name: 'Ada' });
    expect(prompt.messages[0]?.content).toMatchObject({ type: 'text', text: 'Hello, Ada!' });
  });

  it('ends in failed with a typed unauthorized error when the server answers 401', async () => {
    const s = await server('v2');
    const { result } = await mount({ url: s.url, headers: { Authorization: 'Bearer wrong' } });
    await expect.poll(() => result().state, READY_TIMEOUT).toBe('failed');
    expect(result().error).toMatchObject({ code: 'unauthorized', status: 401, serverUrl: s.url });
  });

  it('becomes ready against a server that offers no tools', async () => {
    const s = await server('v2', { empty: true });
    const { result } = await mount({ url: s.url, headers: AUTH });
    await expect.poll(() => result().state, READY_TIMEOUT).toBe('ready');
    expect(result().tools).toEqual([]);
  });
});

describe('useMcp lifecycle', () => {
  it('makes exactly one handshake for one mount in StrictMode', async () => {
    for (const kind of ['v2', 'v1-legacy'] as const) {
      const s = await server(kind);
      const { result, screen } = await mount({ url: s.url, headers: AUTH });
      await expect.poll(() => result().state, READY_TIMEOUT).toBe('ready');
      expect(await handshakes(s.id)).toBe(1);
      await screen.unmount();
    }
  });

  it('does not reconnect when re-rendered with a new but equal headers object', async () => {
    const s = await server('v2');
    const { result, rerender } = await mount({ url: s.url, headers: { ...AUTH } });
    await expect.poll(() => result().state, READY_TIMEOUT).toBe('ready');
    for (let i = 0; i < 5; i += 1) await rerender({ url: s.url, headers: { ...AUTH } });
    expect(result().state).toBe('ready');
    expect(await handshakes(s.id)).toBe(1);
  });

  it('shows a tool added on the server without reconnecting', async () => {
    for (const kind of ['v2', 'v1-legacy', 'v1-sse'] as const) {
      const s = await server(kind);
      const { result, screen } = await mount({ url: s.url, headers: AUTH });
      await expect.poll(() => result().state, READY_TIMEOUT).toBe('ready');
      const before = await handshakes(s.id);
      // A notification sent before the client's stream is open is lost by design; wait for the stream.
      await expect
        .poll(async () => (await commands.mcpServerStats(s.id)).openStreams, READY_TIMEOUT)
        .toBeGreaterThan(0);
      await commands.addMcpTool(s.id, `added_${kind.replace('-', '_')}`);
      await expect
        .poll(() => result().tools.map((t) => t.name), READY_TIMEOUT)
        .toContain(`added_${kind.replace('-', '_')}`);
      expect({ kind, handshakes: await handshakes(s.id) }).toEqual({ kind, handshakes: before });
      await screen.unmount();
    }
  });

  it('leaves ready when the server dies and comes back to ready when it restarts', async () => {
    const s = await server('v1-legacy');
    const { result } = await mount({
      url: s.url,
      headers: AUTH,
      autoReconnect: { maxAttempts: 20, initialDelayMs: 200, maxDelayMs: 500 },
      healthCheckIntervalMs: 1_000,
    });
    await expect.poll(() => result().state, READY_TIMEOUT).toBe('ready');
    await commands.stopMcpServer(s.id);
    await expect.poll(() => result().state, READY_TIMEOUT).not.toBe('ready');
    await commands.restartMcpServer(s.id);
    await expect.poll(() => result().state, READY_TIMEOUT).toBe('ready');
    const out = await result().callTool('echo', { text: 'back' });
    expect(out.content).toEqual([{ type: 'text', text: 'back' }]);
  });

  it('ends in failed after the configured reconnect attempts when the server is gone for good', async () => {
    const s = await server('v2');
    const { result } = await mount({
      url: s.url,
      headers: AUTH,
      autoReconnect: { maxAttempts: 2, initialDelayMs: 100, maxDelayMs: 200 },
      healthCheckIntervalMs: 500,
    });
    await expect.poll(() => result().state, READY_TIMEOUT).toBe('ready');
    await commands.stopMcpServer(s.id);
    await expect.poll(() => result().state, READY_TIMEOUT).toBe('failed');
    expect(result().error).toMatchObject({ code: 'retries_exhausted', attempts: 3 });
  });

  it('stays connected through health checks on an idle connection, in both eras', async () => {
    for (const kind of ['v2', 'v1-legacy'] as const) {
      const s = await server(kind);
      const { result, screen } = await mount({
        url: s.url,
        headers: AUTH,
        healthCheckIntervalMs: 100,
        listChanged: false,
      });
      await expect.poll(() => result().state, READY_TIMEOUT).toBe('ready');
      // 2026-07-28 has no ping: its health check is a server/discover.
      const probe = kind === 'v2' ? 'server/discover' : 'ping';
      const probes = async () => (await commands.mcpServerStats(s.id)).methods[probe] ?? 0;
      const before = await probes();
      const seen = new Set<string>();
      const watch = setInterval(() => seen.add(result().state), 10);
      try {
        await expect.poll(probes, READY_TIMEOUT).toBeGreaterThanOrEqual(before + HEALTH_CHECKS_WATCHED);
      } finally {
        clearInterval(watch);
      }
      // A reconnect would list the tools again.
      const { methods } = await commands.mcpServerStats(s.id);
      expect({ kind, seen: [...seen], listed: methods['tools/list'] }).toEqual({
        kind,
        seen: ['ready'],
        listed: 1,
      });
      await screen.unmount();
    }
  });

  it('reconnects to a server it has met without probing its protocol version again', async () => {
    for (const kind of ['v2', 'v1-legacy'] as const) {
      const s = await server(kind);
      const first = await mount({ url: s.url, headers: AUTH });
      await expect.poll(() => first.result().state, READY_TIMEOUT).toBe('ready');
      await first.screen.unmount();
      await commands.resetMcpServerStats(s.id);
      const second = await mount({ url: s.url, headers: AUTH });
      await expect.poll(() => second.result().state, READY_TIMEOUT).toBe('ready');
      const { methods } = await commands.mcpServerStats(s.id);
      // 2026-07-28: the remembered discover result replaces the probe; 2025: straight to `initialize`.
      expect({ kind, discover: methods['server/discover'] ?? 0 }).toEqual({ kind, discover: 0 });
      expect(second.result().era).toBe(kind === 'v2' ? 'modern' : 'legacy');
      await second.screen.unmount();
    }
  });

  it('disconnect() goes to disconnected and retry() back to ready', async () => {
    const s = await server('v2');
    const { result } = await mount({ url: s.url, headers: AUTH });
    await expect.poll(() => result().state, READY_TIMEOUT).toBe('ready');
    await result().disconnect();
    await expect.poll(() => result().state).toBe('disconnected');
    result().retry();
    await expect.poll(() => result().state, READY_TIMEOUT).toBe('ready');
  });

  it('keeps nothing from a render that never commits (a sibling suspends): no pooled connection, no request', async () => {
    const s = await server('v2');
    const options = { url: s.url, headers: { Authorization: 'Bearer one-user-token' } };
    const sink: Sink = { current: undefined, renders: 0 };
    const screen = await render(
      <StrictMode>
        <Suspense fallback={<p>waiting</p>}>
          <Probe options={options} sink={sink} />
          <SuspendsForever />
        </Suspense>
      </StrictMode>,
    );
    await expect.element(screen.getByText('waiting')).toBeVisible();
    expect(sink.renders).toBeGreaterThan(0); // the hook ran, and React threw that render away
    expect(connectionPool.peek(connectionKey(options))).toBe(undefined);
    expect((await commands.mcpServerStats(s.id)).requests).toBe(0);
    await screen.unmount();
  });

  it('makes no request while enabled is false', async () => {
    const [s, other] = await Promise.all([server('v2'), server('v2')]);
    const { result, rerender } = await mount({ url: s.url, headers: AUTH, enabled: false });
    // An enabled hook mounted after it connects all the way: the disabled one had as long to make a request.
    const enabled = await mount({ url: other.url, headers: AUTH });
    await expect.poll(() => enabled.result().state, READY_TIMEOUT).toBe('ready');
    expect(result().state).toBe('disconnected');
    expect((await commands.mcpServerStats(s.id)).requests).toBe(0);
    await rerender({ url: s.url, headers: AUTH, enabled: true });
    await expect.poll(() => result().state, READY_TIMEOUT).toBe('ready');
  });
});

describe('useMcp bad input and calls', () => {
  it('fails with a typed invalid_url error for a malformed URL', async () => {
    const { result } = await mount({ url: 'not a url' });
    await expect.poll(() => result().state).toBe('failed');
    expect(result().error).toMatchObject({ code: 'invalid_url' });
  });

  it('rejects a call with a typed error when it is aborted or times out', async () => {
    const s = await server('v2');
    const { result } = await mount({ url: s.url, headers: AUTH });
    await expect.poll(() => result().state, READY_TIMEOUT).toBe('ready');
    const controller = new AbortController();
    const call = result().callTool('slow', { ms: 5_000 }, { signal: controller.signal });
    controller.abort();
    await expect(call).rejects.toMatchObject({ code: 'aborted' });
    await expect(result().callTool('slow', { ms: 5_000 }, { timeoutMs: 200 })).rejects.toMatchObject({
      code: 'timeout',
    });
    expect(result().state).toBe('ready');
  });

  it('returns isError results as values', async () => {
    const s = await server('v2');
    const { result } = await mount({ url: s.url, headers: AUTH });
    await expect.poll(() => result().state, READY_TIMEOUT).toBe('ready');
    const out = await result().callTool('fail', {});
    expect(out.isError).toBe(true);
  });
});
