import type { Command } from 'commander';
import type { CliContext, DataCommandOptions } from '../context';
import { DEFAULT_REQUEST_TIMEOUT_MS } from '../../core/connectionDefaults';
import { definedFields } from '../../core/definedFields';
import { parseTimeout } from '../parseInput';
import {
  explainSignIn,
  type OpenedSession,
  type OpenSessionOptions,
  openSession,
  selectSession,
} from '../sessions/openSession';

/** `--timeout`, on every command that talks to a server. */
export function timeoutOption(command: Command): Command {
  return command.option(
    '--timeout <ms|duration>',
    `give up on a server that does not answer (handshake, each request): 5000, 30s, 2m (default ${DEFAULT_REQUEST_TIMEOUT_MS / 1000}s)`,
  );
}

/** Adds the options every data command takes. */
export function dataOptions(command: Command): Command {
  return timeoutOption(
    command
      .option('-s, --session <name>', 'use this saved session instead of the active one')
      .option('--json', 'print JSON on stdout (for scripts)')
      .option('--debug', 'log connection and sign-in steps on stderr (never tokens)')
      .option(
        '--stored-auth-only',
        'never start a sign-in: use (and refresh) the saved one, else exit 1 saying how to sign in',
      ),
  );
}

/** How a data command's options open its session. */
export function openOptions(options: DataCommandOptions): OpenSessionOptions {
  return {
    debug: options.debug === true,
    ...definedFields({ requestTimeoutMs: parseTimeout(options.timeout) }),
  };
}

/** Opens the selected session, runs `work` on it and always closes it, so the process can end. */
export async function withSession<T>(
  ctx: CliContext,
  options: DataCommandOptions,
  work: (opened: OpenedSession) => Promise<T>,
  open: Omit<OpenSessionOptions, 'debug'> = {},
): Promise<T> {
  const settings = openOptions(options); // a bad --timeout is a usage error before anything is read
  const { name, record } = selectSession(ctx, options.session);
  // A one-shot command signs in only with a person at the terminal (and without --stored-auth-only); a script
  // is told what to run instead.
  const allowSignIn = ctx.interactive && options.storedAuthOnly !== true;
  const opened = await openSession(ctx, name, record, { ...settings, allowSignIn, ...open });
  try {
    return await work(opened);
  } catch (error) {
    throw allowSignIn ? error : explainSignIn(name, record, error);
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
