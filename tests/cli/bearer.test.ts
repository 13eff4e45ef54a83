// The built CLI against a real bearer-protected MCP server (v2 SDK, with a `send_email` tool): the reference
// page's "CLI Authentication" commands verbatim (URL pointed at the local server), sessions, output and exit
// statuses, and each kind of bad input.
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../fixtures/loopbackSignIn';
import { type RunningServer, startServer, stopAllServers } from '../support/servers';
import { type CliResult, lines, runCli, runShell, tempHome } from './support/cli';

const TOKEN = 'sk-your-api-key';
let server: RunningServer;
let otherServer: RunningServer;
const homes: (() => void)[] = [];

beforeAll(async () => {
  [server, otherServer] = await Promise.all([
    startServer({ kind: 'v2', bearer: TOKEN }),
    startServer({ kind: 'v1-legacy', bearer: 'other-token' }),
  ]);
});

afterAll(async () => {
  await stopAllServers();
  for (const cleanup of homes) cleanup();
});

function home(): string {
  const created = tempHome();
  homes.push(created.cleanup);
  return created.home;
}

const sessionsFile = (dir: string) => join(dir, '.mcp-use', 'cli-sessions.json');
const readSessions = (dir: string) => JSON.parse(readFileSync(sessionsFile(dir), 'utf8'));

/** The page's commands, verbatim but for the URL; `npx mcp-use` runs the built CLI. */
function seedCommands(url: string) {
  return {
    connect: `npx mcp-use client connect ${url} \\
  --name my-server \\
  --auth sk-your-api-key`,
    list: 'npx mcp-use client tools list',
    call: `npx mcp-use client tools call send_email '{"to":"user@example.com"}'`,
    disconnect: 'npx mcp-use client disconnect my-server',
  };
}

/** Exactly one line on stderr, starting with `error:`, and nothing on stdout. */
function expectOneLineError(result: CliResult, code: number, pattern: RegExp): void {
  expect(result.code, result.stderr).toBe(code);
  expect(lines(result.stderr)).toHaveLength(1);
  expect(result.stderr).toMatch(/^error: /);
  expect(result.stderr).toMatch(pattern);
  expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
  expect(result.stdout).toBe('');
}

async function connected(dir: string, name = 'my-server'): Promise<void> {
  const result = await runCli(['client', 'connect', server.url, '--name', name, '--auth', TOKEN], dir);
  expect(result.code, result.stderr).toBe(0);
}

describe('the reference page CLI Authentication commands', () => {
  it('connect, tools list, tools call send_email and disconnect work verbatim', async () => {
    const dir = home();
    const seed = seedCommands(server.url);

    const connect = await runShell(seed.connect, dir);
    expect(connect.code, connect.stderr).toBe(0);
    expect(connect.stderr).toContain('my-server');
    expect(statSync(sessionsFile(dir)).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, '.mcp-use')).mode & 0o777).toBe(0o700);
    const saved = readSessions(dir);
    expect(saved.active).toBe('my-server');
    expect(saved.sessions['my-server']).toMatchObject({
      transport: 'http',
      url: server.url,
      authToken: TOKEN,
    });

    const list = await runShell(seed.list, dir);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/^send_email\s+Pretends to send an email$/m);

    const call = await runShell(seed.call, dir);
    expect(call.code, call.stderr).toBe(0);
    expect(call.stdout).toBe('sent to user@example.com\n');

    const disconnect = await runShell(seed.disconnect, dir);
    expect(disconnect.code, disconnect.stderr).toBe(0);
    expect(readSessions(dir).sessions).toEqual({});
    expect(readSessions(dir).active).toBeUndefined();
    expect(statSync(sessionsFile(dir)).mode & 0o777).toBe(0o600);
    expect(readFileSync(sessionsFile(dir), 'utf8')).not.toContain(TOKEN);
  });
});

describe('sessions', () => {
  it('lists sessions without their tokens, keeps the first one active, and switches', async () => {
    const dir = home();
    await connected(dir, 'first');
    const second = await runCli(
      [
        'client',
        'connect',
        otherServer.url,
        '--name',
        'second',
        '--header',
        'Authorization: Bearer other-token',
      ],
      dir,
    );
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toContain('active session is still first');

    const list = await runCli(['client', 'sessions', 'list'], dir);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^\*\s+first\s+http\s+bearer\s+/m);
    expect(list.stdout).toMatch(/^\s+second\s+http\s+header\s+/m);
    expect(list.stdout + list.stderr).not.toContain(TOKEN);
    expect(list.stdout + list.stderr).not.toContain('other-token');
    const json = JSON.parse((await runCli(['client', 'sessions', 'list', '--json'], dir)).stdout);
    expect(json).toEqual([
      { name: 'first', active: true, transport: 'http', target: server.url, auth: 'bearer' },
      { name: 'second', active: false, transport: 'http', target: otherServer.url, auth: 'header' },
    ]);
    expect(JSON.stringify(json)).not.toContain(TOKEN);

    // --session picks another session for one command; switch changes the default.
    const other = await runCli(
      ['client', 'tools', 'call', 'echo', '{"text":"via v1"}', '--session', 'second'],
      dir,
    );
    expect(other.stdout).toBe('via v1\n');
    const switched = await runCli(['client', 'sessions', 'switch', 'second'], dir);
    expect(switched.code).toBe(0);
    expect(readSessions(dir).active).toBe('second');
  });

  it('--json prints data only on stdout, ready for scripts', async () => {
    const dir = home();
    await connected(dir);
    const tools = await runCli(['client', 'tools', 'list', '--json'], dir);
    expect(tools.code).toBe(0);
    expect(tools.stderr).toBe('');
    expect((JSON.parse(tools.stdout) as { name: string }[]).map((t) => t.name)).toContain('send_email');
    const call = await runCli(['client', 'tools', 'call', 'add', '{"a":2,"b":3}', '--json'], dir);
    expect(JSON.parse(call.stdout)).toMatchObject({ content: [{ type: 'text', text: '5' }] });
    const resource = await runCli(['client', 'resources', 'read', 'test://greeting', '--json'], dir);
    expect(JSON.parse(resource.stdout).contents[0]).toMatchObject({ uri: 'test://greeting', text: 'hello' });
    const prompt = await runCli(['client', 'prompts', 'get', 'greet', '{"name":"Ada"}'], dir);
    expect(prompt.stdout).toBe('[user] Hello, Ada!\n');
  });
});

describe('exit statuses and errors', () => {
  let dir: string;
  beforeAll(async () => {
    dir = home();
    await connected(dir);
  });

  it('exits 1 when the tool reports isError, with its text on stderr', async () => {
    const result = await runCli(['client', 'tools', 'call', 'fail'], dir);
    expectOneLineError(result, 1, /fail failed: this tool always fails/);
  });

  it('exits 1 when the server fails the call', async () => {
    const result = await runCli(['client', 'resources', 'read', 'test://missing'], dir);
    expectOneLineError(result, 1, /returned an error: Resource not found: test:\/\/missing/);
  });

  it('exits 2 on invalid JSON arguments, before connecting', async () => {
    const result = await runCli(['client', 'tools', 'call', 'send_email', '{"to":'], dir);
    expectOneLineError(result, 2, /Invalid JSON arguments for send_email/);
    const array = await runCli(['client', 'tools', 'call', 'send_email', '["user@example.com"]'], dir);
    expectOneLineError(array, 2, /must be a JSON object/);
  });

  it('exits 2 on an unknown tool, naming the tools there are', async () => {
    const result = await runCli(['client', 'tools', 'call', 'send_mail', '{}'], dir);
    expectOneLineError(result, 2, /Unknown tool "send_mail" on my-server \(tools: echo, add, send_email/);
  });

  it('exits 2 on a missing argument (command line or tool argument)', async () => {
    const missingName = await runCli(['client', 'tools', 'call'], dir);
    expectOneLineError(missingName, 2, /missing required argument 'name'/);
    const missingTo = await runCli(['client', 'tools', 'call', 'send_email', '{}'], dir);
    expectOneLineError(missingTo, 2, /send_email needs argument "to"/);
  });

  it('exits 2 on an unknown session', async () => {
    const result = await runCli(['client', 'tools', 'list', '--session', 'nope'], dir);
    expectOneLineError(result, 2, /No session named "nope" \(sessions: my-server\)/);
    const switched = await runCli(['client', 'sessions', 'switch', 'nope'], dir);
    expectOneLineError(switched, 2, /No session named "nope"/);
    const disconnect = await runCli(['client', 'disconnect', 'nope'], dir);
    expectOneLineError(disconnect, 2, /No session named "nope"/);
  });

  it('exits 2 when there is no session yet, and says how to connect', async () => {
    const result = await runCli(['client', 'tools', 'list'], home());
    expectOneLineError(result, 2, /connect first with mcp-use client connect/);
  });

  it('exits 1 on an unreachable URL, and saves nothing', async () => {
    const fresh = home();
    const url = `http://127.0.0.1:${await freePort()}/mcp`;
    const result = await runCli(['client', 'connect', url, '--name', 'gone', '--auth', 'x'], fresh);
    expectOneLineError(result, 1, /Could not connect to "gone"/);
    expect(() => statSync(sessionsFile(fresh))).toThrow();
  });

  it('exits 2 on a malformed URL and 1 on a refused token', async () => {
    const bad = await runCli(['client', 'connect', 'not a url'], home());
    expectOneLineError(bad, 2, /Invalid server URL "not a url"/);
    const refused = await runCli(['client', 'connect', server.url, '--auth', 'wrong-token'], home());
    expectOneLineError(refused, 1, /401/);
    expect(refused.stderr).not.toContain('wrong-token');
  });

  it('reports a corrupt session file in one line with a way out, and leaves it untouched', async () => {
    const broken = home();
    // Private, as mcp-use makes them (a looser folder or file would add a line saying it was tightened).
    mkdirSync(join(broken, '.mcp-use'), { recursive: true, mode: 0o700 });
    const text = '{\n  "sessions": {\n    "my-server": { "transport": "http", "authToken": "keep-me" \n';
    writeFileSync(sessionsFile(broken), text, { mode: 0o600 });
    const list = await runCli(['client', 'tools', 'list'], broken);
    expectOneLineError(list, 1, /cli-sessions\.json is not valid JSON.*mv .*cli-sessions\.json .*\.bak/);
    expect(list.stderr).not.toContain('keep-me');
    const connect = await runCli(['client', 'connect', server.url, '--auth', TOKEN], broken);
    expectOneLineError(connect, 1, /not valid JSON/);
    expect(readFileSync(sessionsFile(broken), 'utf8')).toBe(text);
  });

  it('has --help with examples on every level, exiting 0', async () => {
    for (const args of [['--help'], ['client', '--help'], ['client', 'tools', 'call', '--help']]) {
      const result = await runCli(args, home());
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('Examples:');
    }
  });

  it('ends every command promptly once its work is done', async () => {
    for (const args of [
      ['client', 'tools', 'call', 'echo', '{"text":"bye"}'],
      ['client', 'resources', 'list', '--json'],
    ]) {
      const result = await runCli(args, dir);
      expect(result.code).toBe(0);
      // Closing the session and exiting takes a moment; a leaked socket or timer would keep it alive for seconds.
      expect(result.exitLagMs).toBeLessThan(3_000);
    }
  });
});
