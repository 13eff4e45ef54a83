// The 2026-07-28 update stream (`subscriptions/listen`) opens once connected, beside the lists: a connect takes
// the protocol's two round trips (discover → lists), not three, and the stream still delivers list changes.
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { FetchLike } from '@modelcontextprotocol/client';
import { Connection } from '../../../src/core/Connection';
import { defaultEnvironment } from '../../../src/core/environment';
import type { ProtocolStorage } from '../../../src/core/protocolMemory';
import { waitForSnapshot } from '../../support/connectionStates';
import { startServer, stopAllServers } from '../../support/servers';

afterAll(() => stopAllServers());

/** The JSON-RPC method of a POST body, if it has one. */
function methodOf(init: RequestInit | undefined): string | undefined {
  if (typeof init?.body !== 'string') return undefined;
  try {
    return (JSON.parse(init.body) as { method?: string }).method;
  } catch {
    return undefined;
  }
}

/**
 * A fetch that lets the server answer `subscriptions/listen` but keeps the answer (the stream with its
 * acknowledgement) from the client until `release()`: whatever the client does meanwhile did not wait for it.
 */
function holdingListen(): { fetch: FetchLike; release(): void; methods: string[] } {
  let release = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const methods: string[] = [];
  const fetch: FetchLike = async (input, init) => {
    const method = methodOf(init);
    if (method) methods.push(method);
    const response = await globalThis.fetch(input, init);
    if (method === 'subscriptions/listen') await released;
    return response;
  };
  return { fetch, release, methods };
}

function memoryStorage(): ProtocolStorage {
  const items = new Map<string, string>();
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
    removeItem: (key) => void items.delete(key),
  };
}

describe('the 2026-07-28 update stream', () => {
  it('is opened after connect, beside the lists, and nothing waits for its acknowledgement', async () => {
    const server = await startServer({ kind: 'v2' });
    const held = holdingListen();
    const connection = new Connection({ url: server.url, fetch: held.fetch }, defaultEnvironment);
    connection.connect();
    const ready = await waitForSnapshot(connection, (s) => s.state === 'ready');
    expect(ready.era).toBe('modern');
    // Ready with the listen answer still held: the lists did not wait for it.
    await vi.waitFor(() => expect(held.methods).toContain('subscriptions/listen'), { timeout: 5_000 });

    held.release();
    // The stream is open and delivers changes.
    await server.addTool('added-while-listening');
    const updated = await waitForSnapshot(connection, (s) =>
      s.tools.some((tool) => tool.name === 'added-while-listening'),
    );
    expect(updated.state).toBe('ready');
    await connection.disconnect();
  });

  it('is opened on a connect that skips the discover probe (what the server speaks is remembered)', async () => {
    const server = await startServer({ kind: 'v2' });
    const protocolStorage = memoryStorage();
    const environment = { ...defaultEnvironment, protocolStorage };
    const first = new Connection({ url: server.url }, environment);
    first.connect();
    await waitForSnapshot(first, (s) => s.state === 'ready');
    await first.disconnect();

    await server.resetStats();
    const again = new Connection({ url: server.url }, environment);
    again.connect();
    await waitForSnapshot(again, (s) => s.state === 'ready');
    // The stream opens once the lists are in; a change made before it is acknowledged would not reach it.
    await vi.waitFor(async () => expect((await server.stats()).openStreams).toBe(1), { timeout: 5_000 });
    await server.addTool('added-after-a-warm-connect');
    await waitForSnapshot(again, (s) => s.tools.some((tool) => tool.name === 'added-after-a-warm-connect'));
    const { methods } = await server.stats();
    expect(methods['server/discover'] ?? 0).toBe(0);
    expect(methods['subscriptions/listen']).toBe(1);
    await again.disconnect();
  });
});
