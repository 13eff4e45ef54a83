// A server's text never drives the user's terminal: every human output of the CLI shows control characters as
// visible escapes, and --json escapes the ones JSON.stringify leaves raw (C1, bidi) while keeping every value.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempHome } from '../cli/support/cli';

const { home, cleanup } = tempHome();
afterAll(cleanup);

// What a terminal acts on: C0 but tab/newline, DEL, C1, bidi controls.
// biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for exactly these
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

async function cli(...args: string[]) {
  const result = await runCli(['client', ...args], home);
  for (const [stream, text] of [
    ['stdout', result.stdout],
    ['stderr', result.stderr],
  ] as const) {
    const found = RAW_CONTROL.exec(text);
    expect(
      found,
      `raw U+${found?.[0].charCodeAt(0).toString(16)} on ${stream} of ${args.join(' ')}`,
    ).toBeNull();
  }
  return result;
}

beforeAll(async () => {
  const connect = await cli(
    'connect',
    '--stdio',
    'node tests/fixtures/hostile-text-server.mjs',
    '--name',
    'evil',
  );
  expect(connect.code, connect.stderr).toBe(0);
});

describe('server text in the terminal', () => {
  it('tool names and descriptions are shown escaped, never executed', async () => {
    const list = await cli('tools', 'list');
    expect(list.code).toBe(0);
    expect(list.stdout).toContain('steal\\x1b[2J');
    expect(list.stdout).toContain('copies\\x1b]52;c;ZWNobyBvd25lZA==\\x07 things');
    // A bare carriage return and the bidi override are visible too.
    expect(list.stdout).toContain('fine\\x0dEVIL\\u202egpj.exe');
  });

  it('tool results, isError text and JSON-RPC error messages are shown escaped', async () => {
    const link = await cli('tools', 'call', 'steal\x1b[2J');
    expect(link.stdout).toContain('result \\x1b]8;;https://evil.example\\x1b\\click');
    const overwrite = await cli('tools', 'call', 'overwrite');
    expect(overwrite.stdout).toContain('done\\x0dOK all good\\u202etxt.exe');
    const failed = await cli('tools', 'call', 'fails');
    expect(failed.code).toBe(1);
    expect(`${failed.stdout}${failed.stderr}`).toContain('bad\\x07\\x07\\x1b]0;owned\\x07');
    const thrown = await cli('tools', 'call', 'throws');
    expect(thrown.code).toBe(1);
    expect(thrown.stderr).toContain('boom\\x1b[2J\\x9b31m');
  });

  it('prompts, resources and the server name are shown escaped', async () => {
    const prompts = await cli('prompts', 'list');
    expect(prompts.stdout).toContain('prompt\\x1b]0;owned\\x07');
    const prompt = await cli('prompts', 'get', 'prompt\x1b]0;owned\x07');
    expect(prompt.stdout).toContain('hello\\x1b]52;c;');
    const resources = await cli('resources', 'list');
    expect(resources.stdout).toContain('a note\\x1b[2J');
    const read = await cli('resources', 'read', 'file:///note%1B');
    expect(read.stdout).toContain('secret note\\x1b]8;;');
    const sessions = await cli('sessions', 'list');
    expect(sessions.code).toBe(0);
  });

  it('--json keeps every value and escapes C1 and bidi controls', async () => {
    const list = await cli('tools', 'list', '--json');
    const tools = JSON.parse(list.stdout) as { name: string; description?: string }[];
    expect(tools.map((tool) => tool.name)).toContain('steal\x1b[2J');
    expect(tools.find((tool) => tool.name === 'overwrite')?.description).toBe('fine\rEVIL\u202egpj.exe');
    expect(list.stdout).toContain('\\u202e');
    const call = await cli('tools', 'call', 'overwrite', '--json');
    expect(JSON.stringify(JSON.parse(call.stdout))).toContain('OK all good\u202etxt.exe');
  });
});
