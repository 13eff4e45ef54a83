import type { Command } from 'commander';
import type { CliContext, DataCommandOptions } from '../context';
import {
  type OpenedSession,
  type OpenSessionOptions,
  openSession,
  selectSession,
} from '../sessions/openSession';

/** Adds the options every data command takes. */
export function dataOptions(command: Command): Command {
  return command
    .option('-s, --session <name>', 'use this saved session instead of the active one')
    .option('--json', 'print JSON on stdout (for scripts)')
    .option('--debug', 'log connection and sign-in steps on stderr (never tokens)');
}

/** Opens the selected session, runs `work` on it and always closes it, so the process can end. */
export async function withSession<T>(
  ctx: CliContext,
  options: DataCommandOptions,
  work: (opened: OpenedSession) => Promise<T>,
  open: Omit<OpenSessionOptions, 'debug'> = {},
): Promise<T> {
  const { name, record } = selectSession(ctx, options.session);
  const opened = await openSession(ctx, name, record, { ...open, debug: options.debug === true });
  try {
    return await work(opened);
  } finally {
    await opened.close();
  }
}

/** Help text with examples, shown after the options. */
export function examples(command: Command, lines: string[]): Command {
  return command.addHelpText('after', `\nExamples:\n${lines.map((line) => `  $ ${line}`).join('\n')}\n`);
}

/** A short list of names for an error message. */
export function nameList(names: readonly string[], max = 10): string {
  if (names.length === 0) return 'none';
  const shown = names.slice(0, max).join(', ');
  return names.length > max ? `${shown}, … (${names.length - max} more)` : shown;
}
