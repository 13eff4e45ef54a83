import type { Command } from 'commander';
import type { CallToolResult, Tool } from '../../core/types';
import type { CliContext, DataCommandOptions } from '../context';
import { ExitCode, UsageError } from '../errors';
import { renderToolDescription, renderToolResult, toolArguments } from '../output/content';
import { oneLine } from '../output/Output';
import { whileWaiting } from '../output/spinner';
import { formatTable } from '../output/table';
import { parseJsonArguments } from '../parseInput';
import type { OpenedSession } from '../sessions/openSession';
import { dataOptions, examples, nameList, withSession } from './shared';

export function findTool(opened: OpenedSession, name: string): Tool {
  const tools = opened.session.tools;
  const tool = tools.find((candidate) => candidate.name === name);
  if (!tool) {
    throw new UsageError(
      `Unknown tool ${JSON.stringify(name)} on ${opened.name} (tools: ${nameList(tools.map((t) => t.name))})`,
    );
  }
  return tool;
}

/** Required arguments missing from a call: a usage error here beats a validation error from the server. */
export function checkRequiredArguments(tool: Tool, args: Record<string, unknown>): void {
  const missing = toolArguments(tool)
    .filter((arg) => arg.required && !(arg.name in args))
    .map((arg) => arg.name);
  if (missing.length > 0) {
    throw new UsageError(
      `${tool.name} needs ${missing.length === 1 ? 'argument' : 'arguments'} ${missing.map((m) => JSON.stringify(m)).join(', ')} (see mcp-use client tools describe ${tool.name})`,
    );
  }
}

export function listTools(ctx: CliContext, opened: OpenedSession, json: boolean): void {
  const tools = opened.session.tools;
  if (json) {
    ctx.out.json(tools);
    return;
  }
  if (tools.length === 0) {
    ctx.out.message(`${opened.name} has no tools.`);
    return;
  }
  ctx.out.data(
    formatTable(
      ['NAME', 'DESCRIPTION'],
      tools.map((tool) => [tool.name, tool.description ?? '']),
      ctx.out.isTTY ? ctx.out.columns : undefined,
    ),
  );
}

export function describeTool(ctx: CliContext, opened: OpenedSession, name: string, json: boolean): void {
  const tool = findTool(opened, name);
  if (json) ctx.out.json(tool);
  else ctx.out.data(renderToolDescription(tool));
}

/**
 * Calls a tool and prints its result. A result with `isError` is the tool saying it failed: its text goes to
 * stderr (stdout with --json) and the command exits 1.
 */
export async function callTool(
  ctx: CliContext,
  opened: OpenedSession,
  name: string,
  args: Record<string, unknown>,
  json: boolean,
): Promise<CallToolResult> {
  const tool = findTool(opened, name);
  checkRequiredArguments(tool, args);
  const result = await whileWaiting(`Calling ${name}…`, ctx.out.isErrTTY, () =>
    opened.session.callTool(name, args),
  );
  if (result.isError) ctx.exitCode = ExitCode.failure;
  if (json) ctx.out.json(result);
  else if (result.isError) ctx.out.message(`error: ${name} failed: ${oneLine(renderToolResult(result))}`);
  else {
    const text = renderToolResult(result);
    if (text !== '') ctx.out.data(text);
  }
  return result;
}

export function registerTools(client: Command, ctx: CliContext): void {
  const tools = client.command('tools').description('list, describe and call the tools of a session');
  examples(tools, [
    'mcp-use client tools list',
    'mcp-use client tools describe send_email',
    `mcp-use client tools call send_email '{"to":"user@example.com"}'`,
  ]);

  examples(dataOptions(tools.command('list').description('list the tools')), [
    'mcp-use client tools list',
    'mcp-use client tools list --session my-server --json',
  ]).action((options: DataCommandOptions) =>
    withSession(ctx, options, async (opened) => listTools(ctx, opened, options.json === true)),
  );

  examples(
    dataOptions(
      tools
        .command('describe')
        .description("show a tool's description and arguments")
        .argument('<name>', 'tool name'),
    ),
    ['mcp-use client tools describe send_email', 'mcp-use client tools describe send_email --json'],
  ).action((name: string, options: DataCommandOptions) =>
    withSession(ctx, options, async (opened) => describeTool(ctx, opened, name, options.json === true)),
  );

  examples(
    dataOptions(
      tools
        .command('call')
        .description('call a tool; exits 1 when the tool reports an error')
        .argument('<name>', 'tool name')
        .argument('[arguments]', "the tool's arguments as a JSON object"),
    ),
    [
      `mcp-use client tools call send_email '{"to":"user@example.com"}'`,
      `mcp-use client tools call add '{"a":1,"b":2}' --json | jq '.content[0].text'`,
    ],
  ).action((name: string, json: string | undefined, options: DataCommandOptions) => {
    // Parsed before connecting: a typo in the JSON costs no round trip.
    const args = parseJsonArguments(json, name);
    return withSession(ctx, options, async (opened) => {
      await callTool(ctx, opened, name, args, options.json === true);
    });
  });
}
