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
  /** The command's exit status when it finishes without throwing (1 after a tool reported `isError`). */
  exitCode: ExitCode;
  /** Ctrl-C, for the work that can be cancelled (see interrupt.ts). */
  readonly interrupts: Interrupts;
  /** Questions a server asks in the middle of a call (elicitation), answered at the terminal. */
  readonly prompter: Prompter;
}

export function processContext(): CliContext {
  const interrupts = processInterrupts();
  return {
    out: processOutput(),
    sessions: new SessionsFile(),
    env: process.env,
    exitCode: ExitCode.ok,
    interrupts,
    prompter: processPrompter(() => interrupts.fire() || process.exit(ExitCode.cancelled)),
  };
}

/** Options every data command takes. */
export interface DataCommandOptions {
  session?: string;
  json?: boolean;
  debug?: boolean;
  /** Per-request timeout in milliseconds (`--timeout`). */
  timeout?: string;
}
