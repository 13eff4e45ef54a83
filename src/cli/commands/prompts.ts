import type { Command } from 'commander';
import type { Prompt } from '../../core/types';
import type { CliContext, DataCommandOptions } from '../context';
import { UsageError } from '../errors';
import { renderPromptResult } from '../output/content';
import { whileWaiting } from '../output/spinner';
import { formatTable } from '../output/table';
import { parseJsonArguments } from '../parseInput';
import type { OpenedSession } from '../sessions/openSession';
import { dataOptions, examples, nameList, withSession } from './shared';

/** The prompt commands need the prompt list (a `get` checks its arguments against it), and no other. */
const PROMPTS_ONLY = { lists: ['prompts'] } as const;

export function findPrompt(opened: OpenedSession, name: string): Prompt {
  const prompts = opened.session.prompts;
  const prompt = prompts.find((candidate) => candidate.name === name);
  if (!prompt) {
    throw new UsageError(
      `Unknown prompt ${JSON.stringify(name)} on ${opened.name} (prompts: ${nameList(prompts.map((p) => p.name))})`,
    );
  }
  return prompt;
}

/** Prompt arguments are strings (MCP `prompts/get`); numbers and booleans are taken as their text. */
export function promptArguments(name: string, args: Record<string, unknown>): Record<string, string> {
  const strings: Record<string, string> = {};
  for (const [key, value] of Object.entries(args)) {
    if (typeof value === 'string') strings[key] = value;
    else if (typeof value === 'number' || typeof value === 'boolean') strings[key] = String(value);
    else throw new UsageError(`Argument ${JSON.stringify(key)} of prompt ${name} must be a string`);
  }
  return strings;
}

export function listPrompts(ctx: CliContext, opened: OpenedSession, json: boolean): void {
  const prompts = opened.session.prompts;
  if (json) {
    ctx.out.json(prompts);
    return;
  }
  if (prompts.length === 0) {
    ctx.out.message(`${opened.name} has no prompts.`);
    return;
  }
  ctx.out.data(
    formatTable(
      ['NAME', 'ARGUMENTS', 'DESCRIPTION'],
      prompts.map((prompt) => [
        prompt.name,
        (prompt.arguments ?? []).map((arg) => (arg.required ? arg.name : `[${arg.name}]`)).join(' '),
        prompt.description ?? '',
      ]),
      ctx.out.isTTY ? ctx.out.columns : undefined,
    ),
  );
}

export async function getPrompt(
  ctx: CliContext,
  opened: OpenedSession,
  name: string,
  args: Record<string, string>,
  json: boolean,
): Promise<void> {
  const prompt = findPrompt(opened, name);
  const missing = (prompt.arguments ?? []).filter((arg) => arg.required && !(arg.name in args));
  if (missing.length > 0) {
    throw new UsageError(
      `Prompt ${name} needs ${missing.map((arg) => JSON.stringify(arg.name)).join(', ')} (see mcp-use client prompts list)`,
    );
  }
  const result = await whileWaiting(`Getting ${name}…`, ctx.out.isErrTTY, () =>
    opened.session.getPrompt(name, args),
  );
  if (json) ctx.out.json(result);
  else ctx.out.data(renderPromptResult(result));
}

export function registerPrompts(client: Command, ctx: CliContext): void {
  const prompts = client.command('prompts').description('list and get the prompts of a session');
  examples(prompts, ['mcp-use client prompts list', `mcp-use client prompts get greet '{"name":"Ada"}'`]);

  examples(dataOptions(prompts.command('list').description('list the prompts')), [
    'mcp-use client prompts list',
    'mcp-use client prompts list --json',
  ]).action((options: DataCommandOptions) =>
    withSession(
      ctx,
      options,
      async (opened) => listPrompts(ctx, opened, options.json === true),
      PROMPTS_ONLY,
    ),
  );

  examples(
    dataOptions(
      prompts
        .command('get')
        .description('get a prompt with its arguments filled in')
        .argument('<name>', 'prompt name')
        .argument('[arguments]', "the prompt's arguments as a JSON object of strings"),
    ),
    [
      `mcp-use client prompts get greet '{"name":"Ada"}'`,
      `mcp-use client prompts get greet '{"name":"Ada"}' --json`,
    ],
  ).action((name: string, json: string | undefined, options: DataCommandOptions) => {
    const args = promptArguments(name, parseJsonArguments(json, name));
    return withSession(
      ctx,
      options,
      (opened) => getPrompt(ctx, opened, name, args, options.json === true),
      PROMPTS_ONLY,
    );
  });
}
