import { StrictMode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { commands, page, userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import { type UseMcpOptions, type UseMcpResult, useMcp } from '../../src/react';
import type { ServerHandle } from '../support/browserCommands';
import { clearAuthStorage } from './support/authStorage';

const TOKEN = 'many-servers-token';
const AUTH = { Authorization: `Bearer ${TOKEN}` };
// Generous bounds: these tests share two cores with the rest of the suite.
const ALL_READY = { timeout: 45_000, interval: 100 };
const TEST_TIMEOUT_MS = 90_000;

type Results = Map<string, UseMcpResult>;

function Server(props: { id: string; options: UseMcpOptions; results: Results }) {
  const mcp = useMcp(props.options);
  props.results.set(props.id, mcp);
  return (
    <section>
      <output>{`${props.id}: ${mcp.state}`}</output>
      <button type="button" onClick={mcp.authenticate}>{`Sign in ${props.id}`}</button>
    </section>
  );
}

/** Mounts one useMcp per entry, in StrictMode, and returns their latest results by id. */
async function mountAll(entries: { id: string; options: UseMcpOptions }[]) {
  const results: Results = new Map();
  const screen = await render(
    <StrictMode>
      {entries.map((entry) => (
        <Server key={entry.id} id={entry.id} options={entry.options} results={results} />
      ))}
    </StrictMode>,
  );
  const states = () => entries.map((entry) => results.get(entry.id)?.state);
  return { results, screen, states };
}

const started: ServerHandle[] = [];
async function server(kind: 'v2' | 'v1-legacy') {
  const handle = await commands.startMcpServer({ kind, bearer: TOKEN });
  started.push(handle);
  return handle;
}

afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => commands.stopMcpServer(s.id).catch(() => undefined)));
  await commands.stopOAuthServers();
});

const paths = (url: string, count: number) => Array.from({ length: count }, (_, i) => `${url}/${i + 1}`);

describe('many servers on one origin over HTTP/1.1', () => {
  for (const kind of ['v1-legacy', 'v2'] as const) {
    it(
      `brings 20 hooks on 20 paths of one ${kind} origin to ready, and a new tool reaches every hook`,
      async () => {
        const s = await server(kind);
        const entries = paths(s.url, 20).map((url, i) => ({
          id: `s${i + 1}`,
          options: { url, headers: AUTH, pollIntervalMs: 1_000 },
        }));
        const { results, states } = await mountAll(entries);
        await expect.poll(() => states().filter((state) => state === 'ready').length, ALL_READY).toBe(20);
        // Streams stay within the origin's budget, leaving the browser's other connections for requests.
        expect((await commands.mcpServerStats(s.id)).openStreams).toBeLessThanOrEqual(2);

        await commands.addMcpTool(s.id, 'added_for_all');
        await expect
          .poll(
            () =>
              entries.filter((e) => results.get(e.id)?.tools.some((t) => t.name === 'added_for_all')).length,
            ALL_READY,
          )
          .toBe(20);
        const out = await results.get('s20')!.callTool('echo', { text: 'still answering' });
        expect(out.content).toEqual([{ type: 'text', text: 'still answering' }]);
      },
      TEST_TIMEOUT_MS,
    );
  }

  it(
    'brings 50 hooks on mixed origins to ready, and unmounting them leaves no stream and no timer',
    async () => {
      const liveTimers = trackTimers();
      try {
        const servers = await Promise.all([
          server('v2'),
          server('v1-legacy'),
          server('v2'),
          server('v1-legacy'),
          server('v2'),
        ]);
        const entries = servers.flatMap((s, n) =>
          paths(s.url, 10).map((url, i) => ({ id: `o${n}p${i}`, options: { url, headers: AUTH } })),
        );
        const { screen, states } = await mountAll(entries);
        await expect.poll(() => states().filter((state) => state === 'ready').length, ALL_READY).toBe(50);
        expect(liveTimers.count()).toBeGreaterThan(0);

        await screen.unmount();
        for (const s of servers) {
          await expect.poll(async () => (await commands.mcpServerStats(s.id)).openStreams, ALL_READY).toBe(0);
        }
        await expect.poll(() => liveTimers.count(), ALL_READY).toBe(0);
      } finally {
        liveTimers.restore();
      }
    },
    TEST_TIMEOUT_MS,
  );
});

describe('one server used by several components', () => {
  it('makes one handshake for two components with the same URL', async () => {
    const s = await server('v2');
    const options = { url: s.url, headers: AUTH };
    const { states } = await mountAll([
      { id: 'a', options },
      { id: 'b', options: { ...options, headers: { ...AUTH } } },
    ]);
    await expect.poll(states, ALL_READY).toEqual(['ready', 'ready']);
    const { methods } = await commands.mcpServerStats(s.id);
    expect(Math.max(methods.initialize ?? 0, methods['server/discover'] ?? 0)).toBe(1);
  });

  it('signs in once for two components with the same URL', async () => {
    await clearAuthStorage();
    const as = await commands.startOAuthServer({});
    const mcp = await commands.startProtectedMcpServer({ issuer: as.issuer });
    const callbackUrl = new URL('/tests/browser/fixtures/callback.html', window.location.origin).href;
    const { states } = await mountAll([
      { id: 'a', options: { url: mcp.url, callbackUrl } },
      { id: 'b', options: { url: mcp.url, callbackUrl } },
    ]);
    await expect.poll(states, ALL_READY).toEqual(['pending_auth', 'pending_auth']);
    await userEvent.click(page.getByRole('button', { name: 'Sign in a' }));
    await expect.poll(states, ALL_READY).toEqual(['ready', 'ready']);
    const stats = await commands.authServerStats(as.id);
    expect(stats).toMatchObject({ registrations: 1, authorizations: 1 });
  });
});

/**
 * Counts the timers and intervals this page has scheduled and not yet run or cleared. Instrumentation only: the
 * real functions still do the work.
 */
function trackTimers() {
  const live = new Set<unknown>();
  const original = {
    setTimeout: window.setTimeout,
    clearTimeout: window.clearTimeout,
    setInterval: window.setInterval,
    clearInterval: window.clearInterval,
  };
  const bound = {
    setTimeout: original.setTimeout.bind(window),
    clearTimeout: original.clearTimeout.bind(window),
    setInterval: original.setInterval.bind(window),
    clearInterval: original.clearInterval.bind(window),
  };
  window.setTimeout = ((handler: TimerHandler, ms?: number, ...args: unknown[]) => {
    const id = bound.setTimeout(
      (...inner: unknown[]) => {
        live.delete(id);
        if (typeof handler === 'function') handler(...inner);
      },
      ms,
      ...args,
    );
    live.add(id);
    return id;
  }) as typeof window.setTimeout;
  window.clearTimeout = ((id?: number) => {
    live.delete(id);
    bound.clearTimeout(id);
  }) as typeof window.clearTimeout;
  window.setInterval = ((handler: TimerHandler, ms?: number, ...args: unknown[]) => {
    const id = bound.setInterval(handler, ms, ...args);
    live.add(id);
    return id;
  }) as typeof window.setInterval;
  window.clearInterval = ((id?: number) => {
    live.delete(id);
    bound.clearInterval(id);
  }) as typeof window.clearInterval;
  return {
    count: () => live.size,
    restore: () => Object.assign(window, original),
  };
}
