import { ExitCode } from './errors';
import { type Output, processOutput } from './output/Output';
import { SessionsFile } from './sessions/sessionsFile';

/** What every command works with; tests of the program run it with their own HOME instead. */
export interface CliContext {
  readonly out: Output;
  readonly sessions: SessionsFile;
  readonly env: NodeJS.ProcessEnv;
  /** The command's exit status when it finishes without throwing (1 after a tool reported `isError`). */
  exitCode: ExitCode;
}

export function processContext(): CliContext {
  return {
    out: processOutput(),
    sessions: new SessionsFile(),
    env: process.env,
    exitCode: ExitCode.ok,
  };
}

/** Options every data command takes. */
export interface DataCommandOptions {
  session?: string;
  json?: boolean;
  debug?: boolean;
}
