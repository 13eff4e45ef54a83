import { CommanderError } from 'commander';
import { type CliContext, processContext } from './context';
import { describeError } from './describeError';
import { exitCodeFor } from './errors';
import { createProgram } from './program';

/**
 * Runs the CLI and resolves with its exit status. Never prints a stack trace: an error is one line on stderr,
 * and its kind decides the status (docs/cli.md).
 */
export async function runCli(argv: readonly string[], ctx: CliContext = processContext()): Promise<number> {
  const program = createProgram(ctx);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return ctx.exitCode;
  } catch (error) {
    // Commander already printed its own message (or the help text).
    if (!(error instanceof CommanderError)) ctx.out.message(`error: ${describeError(error)}`);
    return exitCodeFor(error);
  } finally {
    ctx.prompter.close(); // a question asked during the command holds stdin open otherwise
  }
}
