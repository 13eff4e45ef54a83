// The platform a connection runs on is injected (focus events, the per-origin stream budget, protocol storage):
// the same core runs in Node, where none of them exists, and in a page, where the browser layer supplies them.
import { afterAll, describe, expect, it } from 'vitest';
import { Connection } from '../../../src/core/Connection';
import { defaultEnvironment } from '../../../src/core/environment';
import type { FocusSource } from '../../../src/core/focusSource';
import type { ProtocolStorage } from '../../../src/core/protocolMemory';
import { waitForSnapshot } from '../../support/connectionStates';
import { startServer, stopAllServers } from '../../support/servers';

afterAll(() => stopAllServers());

/** A focus source the test fires by hand, counting its listeners. */
function manualFocus(): FocusSource & { fire(): void; listeners(): number } {
  const listeners = new Set<() => void>();
  return {
    subscribe(onFocus) {
      listeners.add(onFocus);
      return () => listeners.delete(onFocus);
    },
    fire: () => {
      for (const listener of listeners) listener();
    },
    listeners: () => listeners.size,
  };
}

function memoryStorage(): ProtocolStorage & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
    removeItem: (key) => void items.delete(key),
  };
}

describe('Connection environment', () => {
  it('without a stream slot, re-lists when the injected focus source fires, and stops listening on disconnect', async () => {
    const server = await startServer({ kind: 'v2' });
    const focus = manualFocus();
    const storage = memoryStorage();
    const connection = new Connection(
      { url: server.url, pollIntervalMs: 600_000 },
      { ...defaultEnvironment, focus, streamsPerOrigin: 0, protocolStorage: storage },
    );
    connection.connect();
    const ready = await waitForSnapshot(connection, (s) => s.state === 'ready');
    expect(focus.listeners()).toBe(1);
    expect(ready.tools.map((tool) => tool.name)).not.toContain('added-on-focus');
    // What the server speaks went to the injected storage, for the next start.
    expect([...storage.items.keys()].some((key) => key.includes(server.url))).toBe(true);

    await server.addTool('added-on-focus');
    focus.fire();
    const updated = await waitForSnapshot(connection, (s) =>
      s.tools.some((tool) => tool.name === 'added-on-focus'),
    );
    expect(updated.state).toBe('ready');

    await connection.disconnect();
    expect(focus.listeners()).toBe(0);
  });

  it('takes its stream budget from the environment unless maxStreamsPerOrigin says otherwise', async () => {
    const server = await startServer({ kind: 'v2' });
    await server.resetStats();
    const noStreams = { ...defaultEnvironment, streamsPerOrigin: 0 };
    const first = new Connection({ url: server.url }, noStreams);
    const second = new Connection({ url: server.url, maxStreamsPerOrigin: 1 }, noStreams);
    first.connect();
    second.connect();
    await waitForSnapshot(first, (s) => s.state === 'ready');
    await waitForSnapshot(second, (s) => s.state === 'ready');
    // Only the connection allowed one holds a stream.
    const deadline = Date.now() + 5_000;
    let open = (await server.stats()).openStreams;
    while (open !== 1 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      open = (await server.stats()).openStreams;
    }
    expect(open).toBe(1);
    await Promise.all([first.disconnect(), second.disconnect()]);
  });
});
