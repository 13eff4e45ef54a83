// A data command sends only the requests it needs: the lists it prints or checks against, and no era probe on a
// saved session whose server's era was learnt when it connected (remembered in the session's record).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer, stopAllServers } from '../support/servers';
import { runCli, tempHome } from './support/cli';

const TOKEN = 'requests-token';
let modern: RunningServer;
let legacy: RunningServer;
const homes: (() => void)[] = [];

beforeAll(async () => {
  [modern, legacy] = await Promise.all([
    startServer({ kind: 'v2', bearer: TOKEN }),
    startServer({ kind: 'v1-legacy', bearer: TOKEN }),
  ]);
});

afterAll(async () => {
  await stopAllServers();
  for (const cleanup of homes) cleanup();
});

async function connectedHome(server: RunningServer): Promise<string> {
  const { home, cleanup } = tempHome();
  homes.push(cleanup);
  const result = await runCli(['client', 'connect', server.url, '--name', 'srv', '--auth', TOKEN], home);
  expect(result.code, result.stderr).toBe(0);
  return home;
}

/** The JSON-RPC methods the server saw while `args` ran. */
async function methodsOf(
  server: RunningServer,
  home: string,
  args: string[],
): Promise<Record<string, number>> {
  await server.resetStats();
  const result = await runCli(args, home);
  expect(result.code, result.stderr).toBe(0);
  return (await server.stats()).methods;
}

describe('requests per command', () => {
  it('tools list asks a saved 2026-07-28 session for its tools and nothing else', async () => {
    const home = await connectedHome(modern);
    expect(await methodsOf(modern, home, ['client', 'tools', 'list'])).toEqual({ 'tools/list': 1 });
  });

  it('tools call checks against the tool list, then calls: no probe, no other list', async () => {
    const home = await connectedHome(modern);
    const methods = await methodsOf(modern, home, ['client', 'tools', 'call', 'echo', '{"text":"hi"}']);
    expect(methods).toEqual({ 'tools/list': 1, 'tools/call': 1 });
  });

  it('a saved 2025 session goes straight to initialize, without the server/discover probe', async () => {
    const home = await connectedHome(legacy);
    const methods = await methodsOf(legacy, home, ['client', 'prompts', 'list']);
    expect(methods['server/discover']).toBeUndefined();
    expect(methods.initialize).toBe(1);
    expect(methods['prompts/list']).toBe(1);
    expect(methods['tools/list']).toBeUndefined();
    expect(methods['resources/list']).toBeUndefined();
  });
});
