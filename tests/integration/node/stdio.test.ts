// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these tests write ${VAR} references into configurations
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CallToolResult } from '../../../src/core/types';
import { MCPClient } from '../../../src/node/index';
import { type RunningServer, startServer, stopAllServers } from '../../support/servers';

const FIXTURE = fileURLToPath(new URL('../../fixtures/stdio-server.mjs', import.meta.url));
const SETTLE_DEADLINE_MS = 3_000;
const SETTLE_STEP_MS = 50;

const clients: MCPClient[] = [];
let httpServer: RunningServer;

function client(config: Parameters<typeof MCPClient.fromDict>[0]) {
  const created = MCPClient.fromDict(config, { autoReconnect: false });
  clients.push(created);
  return created;
}

const stdioEntry = (extra: Record<string, unknown> = {}) => ({
  command: process.execPath,
  args: [FIXTURE],
  ...extra,
});

function textOf(result: CallToolResult): string {
  const [first] = result.content;
  return first?.type === 'text' ? first.text : '';
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Child processes of this test process that have exited but were not reaped (Linux /proc; empty elsewhere). */
function zombieChildren(): number[] {
  if (!existsSync('/proc/self/stat')) return [];
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        // Fields after the parenthesised command name: state, ppid, …
        const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return Number(ppid) === process.pid && state === 'Z';
      } catch {
        return false; // the process went away while we looked
      }
    })
    .map(Number);
}

/** Counts of the handles keeping the event loop alive, by type (timers, sockets, child processes, pipes). */
function activeHandles(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const type of process.getActiveResourcesInfo()) counts.set(type, (counts.get(type) ?? 0) + 1);
  return counts;
}

/** The handle types that have more instances now than in `baseline`. */
function handlesAbove(baseline: Map<string, number>): string[] {
  return [...activeHandles()]
    .filter(([type, count]) => count > (baseline.get(type) ?? 0))
    .map(([type]) => type);
}

async function waitUntil(condition: () => boolean): Promise<boolean> {
  const deadline = Date.now() + SETTLE_DEADLINE_MS;
  while (!condition() && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, SETTLE_STEP_MS));
  return condition();
}

beforeAll(async () => {
  httpServer = await startServer({ kind: 'v2' });
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((created) => created.closeAllSessions()));
  delete process.env.MCP_USE_TEST_INHERITED;
  delete process.env.MCP_USE_TEST_REFERENCED;
});

afterAll(async () => {
  await stopAllServers();
});

describe('stdio servers', () => {
  it('connects to a stdio server, lists its tools and calls them', async () => {
    const mcp = client({ mcpServers: { local: stdioEntry() } });
    const session = await mcp.createSession('local');
    expect(session.connection.getSnapshot().transport).toBe('stdio');
    expect(session.serverInfo?.name).toBe('stdio-fixture');
    expect(session.tools.map((tool) => tool.name)).toEqual(['echo', 'add', 'get_env', 'pid']);
    expect(textOf(await session.callTool('echo', { text: 'over stdio' }))).toBe('over stdio');
    expect(textOf(await session.callTool('add', { a: 19, b: 23 }))).toBe('42');
  });

  it("gives the child the client's environment with the entry's env (and its ${VAR} references) on top", async () => {
    process.env.MCP_USE_TEST_INHERITED = 'from-parent';
    process.env.MCP_USE_TEST_REFERENCED = 'referenced-value';
    const mcp = client({
      mcpServers: {
        local: stdioEntry({
          env: { MCP_USE_TEST_OWN: 'own-${MCP_USE_TEST_REFERENCED}', HOME: '/overridden-home' },
        }),
      },
    });
    const session = await mcp.createSession('local');
    const env = async (name: string) => textOf(await session.callTool('get_env', { name }));
    expect(await env('MCP_USE_TEST_INHERITED')).toBe('from-parent');
    expect(await env('MCP_USE_TEST_OWN')).toBe('own-referenced-value');
    expect(await env('HOME')).toBe('/overridden-home');
  });

  it('closing the session ends the child process', async () => {
    const mcp = client({ mcpServers: { local: stdioEntry() } });
    const session = await mcp.createSession('local');
    const pid = Number(textOf(await session.callTool('pid')));
    expect(isAlive(pid)).toBe(true);
    await mcp.closeSession('local');
    expect(await waitUntil(() => !isAlive(pid))).toBe(true);
    expect(zombieChildren()).toEqual([]);
  });

  it('a command that does not exist rejects with spawn_failed, leaving no unhandled rejection or zombie', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const mcp = client({
        mcpServers: { missing: { command: '/nonexistent/mcp-use-test-server', args: ['--x'] } },
      });
      const error = await mcp.createSession('missing').catch((caught: unknown) => caught as Error);
      expect(error).toMatchObject({ code: 'spawn_failed', serverName: 'missing' });
      expect((error as Error).message).toMatch(/^Could not start "missing": /);
      expect(mcp.getAllActiveSessions()).toEqual({});
      // Give a stray rejection or a child's exit a few turns of the event loop to show up.
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(unhandled).toEqual([]);
      expect(zombieChildren()).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('createAllSessions with one good and one broken stdio server keeps the good one', async () => {
    const mcp = client({
      mcpServers: { good: stdioEntry(), broken: { command: '/nonexistent/mcp-use-test-server' } },
    });
    const { sessions, errors } = await mcp.createAllSessions();
    expect(Object.keys(sessions)).toEqual(['good']);
    expect(errors.broken).toMatchObject({ code: 'spawn_failed', serverName: 'broken' });
    expect(textOf(await (sessions.good?.callTool('echo', { text: 'ok' }) ?? Promise.reject()))).toBe('ok');
  });

  it('closeAllSessions leaves nothing keeping the process alive: no child, socket or timer of ours remains', async () => {
    const baseline = activeHandles();
    const mcp = client({ mcpServers: { local: stdioEntry(), remote: { url: httpServer.url } } });
    const { sessions, errors } = await mcp.createAllSessions();
    expect(errors).toEqual({});
    const pid = Number(textOf(await (sessions.local?.callTool('pid') ?? Promise.reject())));
    expect(handlesAbove(baseline).length).toBeGreaterThan(0); // the sessions do hold handles while open
    await mcp.closeAllSessions();
    expect(isAlive(pid)).toBe(false);
    // Node releases a child's handle a turn after its exit event: allow a bounded moment.
    expect(await waitUntil(() => handlesAbove(baseline).length === 0)).toBe(true);
  });
});
