import { isatty } from 'node:tty';
import { ExitCode } from './errors';
import { type Interrupts, processInterrupts } from './interrupt';
import { type Output, processOutput } from './output/Output';
import { type Prompter, processPrompter } from './prompter';
import { SessionsFile } from './sessions/sessionsFile';

/** What every command works with; tests of the program run it with their own HOME instead. */
export interface CliContext {
  readonly out: Output;
  readonly sessions: SessionsFile;
  readonly env: NodeJS.ProcessEnv;
  /** Where `--auth -` and `--client-secret -` read their secret. */
  readonly stdin: NodeJS.ReadStream;
  /** The command's exit status when it finishes without throwing (1 after a tool reported `isError`). */
  exitCode: ExitCode;
  /** Ctrl-C, for the work that can be cancelled (see interrupt.ts). */
  readonly interrupts: Interrupts;
  /** Questions a server asks in the middle of a call (elicitation), answered at the terminal. */
  readonly prompter: Prompter;
  /** A person is at the terminal (stdin and stderr are one): a command may send them to sign in. */
  readonly interactive: boolean;
}

export function processContext(): CliContext {
  const out = processOutput();
  const interrupts = processInterrupts();
  return {
    out,
    // Said once: the next command finds the folder (or file) private already.
    sessions: new SessionsFile(undefined, { onNotice: (message) => out.message(`warning: ${message}`) }),
    env: process.env,
    // Looked up only when a secret is read from it: touching process.stdin sets the stream up.
    get stdin() {
      return process.stdin;
    },
    exitCode: ExitCode.ok,
    interrupts,
    prompter: processPrompter(() => interrupts.fire() || process.exit(ExitCode.cancelled)),
    // isatty, not process.stdin.isTTY: looking at process.stdin would set the stream up.
    interactive: isatty(0) && isatty(2),
  };
}

/** Options every data command takes. */
export interface DataCommandOptions {
  session?: string;
  json?: boolean;
  debug?: boolean;
  /** `--timeout` as typed; parsed (parseTimeout) before connecting. */
  timeout?: string;
  /** `--stored-auth-only`: never start an interactive sign-in (CI). */
  storedAuthOnly?: boolean;
}
