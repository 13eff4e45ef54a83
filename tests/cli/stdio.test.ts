// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${HOME} here is a literal the CLI must pass through
// The built CLI with a stdio server: `connect --stdio "<command line>"` (shell-style quoting, --env), then
// `tools list` / `tools call` start the server again from the saved command line, from any directory.
import { tmpdir } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, tempHome } from './support/cli';

const { home, cleanup } = tempHome();
afterAll(cleanup);

const SERVER = 'node tests/fixtures/stdio-server.mjs';

describe('a stdio session', () => {
  it('connects, lists and calls tools, with the saved environment, from another directory', async () => {
    const connect = await runCli(
      ['client', 'connect', '--stdio', SERVER, '--env', 'GREETING=hello from --env', '--env', 'EMPTY='],
      home,
    );
    expect(connect.code, connect.stderr).toBe(0);
    // Named after the script; the first session becomes the active one.
    expect(connect.stderr).toContain('stdio-server is the active session.');

    // The command line is relative to where `connect` ran; later commands work from anywhere.
    const list = await runCli(['client', 'tools', 'list'], home, { cwd: tmpdir() });
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/^echo\s+Returns its text argument$/m);
    expect(list.stdout).toMatch(/^get_env\s+/m);

    const call = await runCli(['client', 'tools', 'call', 'echo', `{"text":"it's \\"quoted\\""}`], home);
    expect(call.code, call.stderr).toBe(0);
    expect(call.stdout).toBe(`it's "quoted"\n`);

    const env = await runCli(['client', 'tools', 'call', 'get_env', '{"name":"GREETING"}'], home);
    expect(env.stdout).toBe('hello from --env\n');

    const sessions = await runCli(['client', 'sessions', 'list'], home);
    expect(sessions.stdout).toMatch(
      /^\*\s+stdio-server\s+stdio\s+none\s+node tests\/fixtures\/stdio-server\.mjs$/m,
    );
    // Environment values may be secrets: never listed.
    expect(sessions.stdout).not.toContain('hello from --env');
  });

  it('keeps quoted words together and ${…} literal, as a shell would pass them', async () => {
    const result = await runCli(
      [
        'client',
        'connect',
        '--name',
        'quoted',
        '--stdio',
        `node "tests/fixtures/stdio-server.mjs" --label 'two words'`,
        '--env',
        'LITERAL=${HOME}',
      ],
      home,
    );
    expect(result.code, result.stderr).toBe(0);
    const env = await runCli(
      ['client', 'tools', 'call', 'get_env', '{"name":"LITERAL"}', '--session', 'quoted'],
      home,
    );
    expect(env.stdout).toBe('${HOME}\n');
    const bad = await runCli(['client', 'connect', '--stdio', `node 'unterminated`], home);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^error: Unterminated single quote/);
  });

  it('reports a command that cannot start in one line, exit 1', async () => {
    const result = await runCli(['client', 'connect', '--stdio', 'mcp-use-no-such-command --flag'], home);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^error: Could not start/);
  });
});
