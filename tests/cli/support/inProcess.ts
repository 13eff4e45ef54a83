// The CLI program run inside the test process — commander, the commands, Output — with its world injected:
// output captured, the sessions file in a temporary HOME, answers to a server's questions scripted. For the
// long matrices (every tool of a server, on every transport), where a process per call would cost more than
// the calls; what depends on the process itself (exit status, Ctrl-C, stdin, a terminal) is tested on the
// built bin (cli.ts, pty.ts).
import { join } from 'node:path';
import type { CliContext } from '../../../src/cli/context';
import { ExitCode } from '../../../src/cli/errors';
import { Interrupts } from '../../../src/cli/interrupt';
import { runCli } from '../../../src/cli/main';
import type { Prompter } from '../../../src/cli/prompter';
import { SessionsFile } from '../../../src/cli/sessions/sessionsFile';
import { cliEnv } from './cli';

export interface InProcessResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Answers the questions with the lines of `input`, in order; then stdin has ended. */
function scriptedPrompter(input: string): Prompter {
  const lines = input === '' ? [] : input.replace(/\n$/, '').split('\n');
  return { interactive: false, ask: async () => lines.shift(), close: () => undefined };
}

export async function runCliInProcess(
  args: readonly string[],
  home: string,
  input = '',
): Promise<InProcessResult> {
  let stdout = '';
  let stderr = '';
  const line = (text: string) => (text.endsWith('\n') ? text : `${text}\n`);
  const ctx: CliContext = {
    out: {
      data: (text) => {
        stdout += line(text);
      },
      message: (text) => {
        stderr += line(text);
      },
      json: (value) => {
        stdout += `${JSON.stringify(value, null, 2)}\n`;
      },
      prompt: (text) => {
        stderr += text;
      },
      isTTY: false,
      isErrTTY: false,
      columns: 80,
    },
    sessions: new SessionsFile(join(home, '.mcp-use', 'cli-sessions.json')),
    env: cliEnv(home),
    // Nothing here reads a secret from stdin.
    stdin: process.stdin,
    exitCode: ExitCode.ok,
    interrupts: new Interrupts(),
    prompter: scriptedPrompter(input),
    interactive: false,
  };
  const code = await runCli(args, ctx);
  return { code, stdout, stderr };
}
