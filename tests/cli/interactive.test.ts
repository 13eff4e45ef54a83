// `mcp-use client interactive` in a real pseudo-terminal: list tools, call one with JSON, call one through tab
// completion and the argument prompt, survive a mistake, leave with `exit`, and keep the history (0600).
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, cliEnv, ROOT, runCli, tempHome } from './support/cli';
import { startPty } from './support/pty';

const { home, cleanup } = tempHome();
afterAll(cleanup);

const quote = (word: string) => `'${word.replaceAll("'", `'\\''`)}'`;

describe('client interactive', () => {
  it('lists and calls tools, with tab completion and argument prompts, in a terminal', async () => {
    const connect = await runCli(
      ['client', 'connect', '--stdio', 'node tests/fixtures/stdio-server.mjs'],
      home,
    );
    expect(connect.code, connect.stderr).toBe(0);

    const pty = startPty(`${quote(process.execPath)} ${quote(CLI)} client interactive`, cliEnv(home), ROOT);
    await pty.expect(/Connected to stdio-server \(4 tools\)/);
    await pty.expect(/stdio-server> /);

    pty.type('tools list\r');
    await pty.expect(/^echo\s+Returns its text argument$/m);
    await pty.expect(/stdio-server> /);

    pty.type(`tools call add '{"a":20,"b":22}'\r`);
    await pty.expect(/^42$/m);
    await pty.expect(/stdio-server> /);

    // Tab completes the tool name; without JSON the REPL asks for each argument.
    pty.type('tools call ec\t');
    await pty.expect(/tools call echo $/m);
    pty.type('\r');
    await pty.expect(/text \(string, required\): /);
    pty.type('typed at the prompt\r');
    await pty.expect(/^typed at the prompt$/m);
    await pty.expect(/stdio-server> /);

    // A mistake is reported and the REPL carries on.
    pty.type('tools call nope\r');
    await pty.expect(/^error: Unknown tool "nope"/m);
    await pty.expect(/stdio-server> /);

    pty.type('exit\r');
    expect(await pty.exited()).toBe(0);

    const historyFile = join(home, '.mcp-use', 'cli-history.json');
    expect(statSync(historyFile).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(historyFile, 'utf8'))).toContain('tools list');
  });
});
