// Secrets off the command line: anyone on the machine can read a process's arguments (`ps`, /proc/<pid>/cmdline)
// and the shell history keeps them. `connect` takes its secrets from an environment variable (--auth-env,
// --client-secret-env, --header-env) or from stdin (--auth -, --client-secret -; without echo at a terminal),
// warns when one was given on the command line anyway, and never prints a secret, whatever goes wrong.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, cliEnv, lines, ROOT, runCli, startCli } from '../cli/support/cli';
import { startPty } from '../cli/support/pty';
import { type RunningServer, startServer, stopAllServers } from '../support/servers';
import { readSessions } from './support/sessionsFile';
import { expectNotShown, freshHomes } from './support/homes';

const TOKEN = 'sk-redteam-bearer-7f3a';
let bearer: RunningServer;
let open: RunningServer;
const home = freshHomes();

beforeAll(async () => {
  [bearer, open] = await Promise.all([
    startServer({ kind: 'v2', bearer: TOKEN }),
    startServer({ kind: 'v2' }),
  ]);
});

afterAll(async () => {
  await stopAllServers();
});

const WARNING = /^warning: .* put a secret on the command line/m;

describe('--auth-env and --auth -', () => {
  it('--auth-env VAR connects with the token from the environment, and the session works', async () => {
    const dir = home();
    const connect = await runCli(
      ['client', 'connect', bearer.url, '--name', 'env', '--auth-env', 'MY_MCP_TOKEN'],
      dir,
      {
        env: { MY_MCP_TOKEN: TOKEN },
      },
    );
    expect(connect.code, connect.stderr).toBe(0);
    expect(connect.stderr).not.toMatch(WARNING);
    expectNotShown(connect, TOKEN);
    expect(readSessions(dir).sessions.env).toMatchObject({ authToken: TOKEN });
    // Saved like --auth: later commands need no variable.
    const list = await runCli(['client', 'tools', 'list'], dir);
    expect(list.stdout).toMatch(/^send_email /m);
  });

  it('--auth - reads one line from a pipe, and the token never appears in the process arguments', async () => {
    const dir = home();
    const running = startCli(['client', 'connect', bearer.url, '--name', 'piped', '--auth', '-'], dir);
    // While it waits for stdin, the arguments anyone can read hold no token.
    const cmdline = readFileSync(`/proc/${running.child.pid}/cmdline`, 'utf8');
    expect(cmdline).toContain('--auth');
    expect(cmdline).not.toContain(TOKEN);
    running.child.stdin.end(`${TOKEN}\nthe rest of stdin is not read\n`);
    const result = await running.result;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).not.toMatch(WARNING);
    expectNotShown(result, TOKEN);
    expect(readSessions(dir).sessions.piped).toMatchObject({ authToken: TOKEN });
  });

  it('--auth - at a terminal asks without echoing what is typed', async () => {
    const dir = home();
    const command = [process.execPath, CLI, 'client', 'connect', bearer.url, '--name', 'typed', '--auth', '-']
      .map((word) => JSON.stringify(word))
      .join(' ');
    const pty = startPty(command, cliEnv(dir), ROOT);
    await pty.expect(/Enter the token for --auth \(typing is hidden\): /);
    pty.type(`${TOKEN}\r`);
    await pty.expect(/Connected typed/);
    expect(await pty.exited()).toBe(0);
    expect(pty.output()).not.toContain(TOKEN);
    expect(readSessions(dir).sessions.typed).toMatchObject({ authToken: TOKEN });
  });

  it('refuses an unset or empty variable, an empty stdin and a value given twice, naming no value', async () => {
    const dir = home();
    const usage = async (args: string[], pattern: RegExp, options: Parameters<typeof runCli>[2] = {}) => {
      const result = await runCli(['client', 'connect', bearer.url, ...args], dir, options);
      expect(result.code, result.stderr).toBe(2);
      expect(lines(result.stderr)).toHaveLength(1);
      expect(result.stderr).toMatch(pattern);
      return result;
    };
    await usage(
      ['--auth-env', 'NOT_SET_ANYWHERE'],
      /--auth-env: the environment variable NOT_SET_ANYWHERE is not set/,
    );
    await usage(['--auth-env', 'EMPTY_TOKEN'], /EMPTY_TOKEN is empty/, { env: { EMPTY_TOKEN: ' ' } });
    await usage(['--auth', '-'], /--auth -: no token on stdin/, { input: '\n' });
    await usage(['--auth', '-'], /--auth -: no token on stdin/, { input: '' });
    await usage(['--auth', 'x', '--auth-env', 'T'], /Give --auth or --auth-env, not both/, {
      env: { T: TOKEN },
    });
    // The token pasted where the variable's name goes is not echoed back.
    const pasted = await usage(
      ['--auth-env', TOKEN],
      /--auth-env expects the name of an environment variable/,
    );
    expectNotShown(pasted, TOKEN);
    await usage(
      ['--client-secret-env', 'NOT_SET_ANYWHERE'],
      /--client-secret-env: .* NOT_SET_ANYWHERE is not set/,
    );
    await usage(['--header-env', 'X-API-Key: NOT_SET_ANYWHERE'], /--header-env X-API-Key: .* is not set/);
    const stdio = await runCli(['client', 'connect', '--stdio', 'node x.js', '--auth-env', 'T'], dir);
    expect(stdio.stderr).toMatch(/--auth-env is for HTTP servers/);
  });

  it('a refused token from the environment is reported without it', async () => {
    const result = await runCli(['client', 'connect', bearer.url, '--auth-env', 'WRONG'], home(), {
      env: { WRONG: 'sk-wrong-but-still-secret' },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/401/);
    expectNotShown(result, 'sk-wrong-but-still-secret');
  });
});

describe('the other secrets', () => {
  it('--client-secret-env and --client-secret - save the OAuth client secret without the command line', async () => {
    const dir = home();
    const fromEnv = await runCli(
      [
        'client',
        'connect',
        open.url,
        '--name',
        'a',
        '--client-id',
        'cli',
        '--client-secret-env',
        'CLIENT_SECRET',
      ],
      dir,
      { env: { CLIENT_SECRET: 'cs-from-env' } },
    );
    expect(fromEnv.code, fromEnv.stderr).toBe(0);
    const fromStdin = await runCli(
      ['client', 'connect', open.url, '--name', 'b', '--client-id', 'cli', '--client-secret', '-'],
      dir,
      { input: 'cs-from-stdin\n' },
    );
    expect(fromStdin.code, fromStdin.stderr).toBe(0);
    const saved = readSessions(dir).sessions;
    expect(saved.a).toMatchObject({ oauth: { clientId: 'cli', clientSecret: 'cs-from-env' } });
    expect(saved.b).toMatchObject({ oauth: { clientId: 'cli', clientSecret: 'cs-from-stdin' } });
    for (const result of [fromEnv, fromStdin]) {
      expect(result.stderr).not.toMatch(WARNING);
      expectNotShown(result, 'cs-from-env', 'cs-from-stdin');
    }
  });

  it("--header-env 'Name: VAR' sends a header from the environment (an Authorization one too)", async () => {
    const dir = home();
    const result = await runCli(
      ['client', 'connect', bearer.url, '--name', 'h', '--header-env', 'Authorization: AUTH_HEADER'],
      dir,
      { env: { AUTH_HEADER: `Bearer ${TOKEN}` } },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).not.toMatch(WARNING);
    expectNotShown(result, TOKEN);
    expect(readSessions(dir).sessions.h).toMatchObject({ headers: { Authorization: `Bearer ${TOKEN}` } });
    const list = await runCli(['client', 'sessions', 'list'], dir);
    expect(list.stdout).toMatch(/^\*\s+h\s+http\s+header\s+/m);
  });
});

describe('a secret given on the command line anyway', () => {
  it('still works (the reference page uses it), with one warning saying what to use instead', async () => {
    const result = await runCli(['client', 'connect', bearer.url, '--name', 'cl', '--auth', TOKEN], home());
    expect(result.code, result.stderr).toBe(0);
    const warnings = lines(result.stderr).filter((line) => line.startsWith('warning:'));
    expect(warnings).toEqual([
      'warning: --auth put a secret on the command line, where other users of this machine can see it (ps) and the shell history keeps it; next time use --auth-env <VAR> or --auth - (stdin)',
    ]);
    expectNotShown(result, TOKEN);
  });

  it('warns for credential headers and --env variables too, but not for other ones', async () => {
    const dir = home();
    const header = await runCli(
      [
        'client',
        'connect',
        bearer.url,
        '--name',
        'hd',
        '-H',
        `Authorization: Bearer ${TOKEN}`,
        '-H',
        'X-Trace: 1',
      ],
      dir,
    );
    expect(header.code, header.stderr).toBe(0);
    expect(lines(header.stderr).filter((line) => line.startsWith('warning:'))).toEqual([
      expect.stringMatching(
        /^warning: --header Authorization put a secret .*--header-env 'Authorization: <VAR>'$/,
      ),
    ]);
    const env = await runCli(
      [
        'client',
        'connect',
        '--stdio',
        'node tests/fixtures/stdio-server.mjs',
        '-e',
        'API_TOKEN=t0k',
        '-e',
        'LOG=1',
      ],
      dir,
    );
    expect(env.code, env.stderr).toBe(0);
    expect(lines(env.stderr).filter((line) => line.startsWith('warning:'))).toEqual([
      expect.stringMatching(/^warning: --env API_TOKEN put a secret .*export API_TOKEN in the shell instead/),
    ]);
  });

  it('keeps a failure to one error line: the warning comes only after the work', async () => {
    const result = await runCli(['client', 'connect', bearer.url, '--auth', 'sk-refused-secret'], home());
    expect(result.code).toBe(1);
    expect(lines(result.stderr)).toHaveLength(1);
    expect(result.stderr).toMatch(/^error: .*401/);
    expectNotShown(result, 'sk-refused-secret');
  });
});
