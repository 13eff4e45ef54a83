import type { Command } from 'commander';
import { examples } from '../commands/shared';
import type { CliContext } from '../context';
import { runInteractive } from './repl';

export function registerInteractive(client: Command, ctx: CliContext): void {
  examples(
    client
      .command('interactive')
      .description('a prompt over one session: the same verbs, history, tab completion, argument prompts')
      .option('-s, --session <name>', 'use this saved session instead of the active one')
      .option('--debug', 'log connection and sign-in steps on stderr (never tokens)'),
    ['mcp-use client interactive', 'mcp-use client interactive --session my-server'],
  ).action((options: { session?: string; debug?: boolean }) => runInteractive(ctx, options));
}
