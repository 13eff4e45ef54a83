import type { Command } from 'commander';
import { examples, timeoutOption } from '../commands/shared';
import type { CliContext, DataCommandOptions } from '../context';
import { runInteractive } from './repl';

export function registerInteractive(client: Command, ctx: CliContext): void {
  examples(
    timeoutOption(
      client
        .command('interactive')
        .description('a prompt over one session: the same verbs, history, tab completion, argument prompts')
        .option('-s, --session <name>', 'use this saved session instead of the active one')
        .option('--debug', 'log connection and sign-in steps on stderr (never tokens)')
        .option('--stored-auth-only', 'never start a sign-in: use (and refresh) the saved one, else exit 1'),
    ),
    ['mcp-use client interactive', 'mcp-use client interactive --session my-server'],
  ).action((options: DataCommandOptions) => runInteractive(ctx, options));
}
