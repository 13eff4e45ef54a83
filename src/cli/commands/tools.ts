import type { Command } from 'commander';
import type { CallToolResult, Tool } from '../../core/types';
import type { CliContext, DataCommandOptions } from '../context';
import { ExitCode, UsageError } from '../errors';
import { interruptible } from '../interrupt';
import { showCallProgress } from '../output/callProgress';
import { renderToolDescription, renderToolResult, saveResultFiles, toolArguments } from '../output/content';
import { oneLine } from '../output/Output';
import { formatTable } from '../output/table';
import { parseJsonArguments, parseTimeout } from '../parseInput';
import type { OpenedSession } from '../sessions/openSession';
import { dataOptions, examples, nameList, withSession } from './shared';

/** The tool commands need the tool list (a call checks its arguments against it), and no other. */
const TOOLS_ONLY = { lists: ['tools'] } as const;

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

/** How a tool is called from the command line (`tools call`, `call` in the REPL). */
export interface ToolCallFlags {
  json?: boolean;
  /** `--no-wait`: start the call as a task and print its id (commander sets `wait: false`). */
  wait?: boolean;
  /** `--task`: run a tool whose task support is `optional` as a task. */
  task?: boolean;
  /** `--save DIR`: write binary content to files there. */
  save?: string;
  timeout?: string;
}

/**
 * Prints a tool result (or a task's): with --json as it is, otherwise rendered, binary content saved with
 * `--save`. A result with `isError` is the tool saying it failed: its text goes to stderr (stdout with --json)
 * and the command exits 1.
 */
export function printToolResult(
  ctx: CliContext,
  name: string,
  result: CallToolResult,
  flags: Pick<ToolCallFlags, 'json' | 'save'>,
): void {
  const saved = saveResultFiles(flags.save, name, result.content ?? []);
  if (result.isError) ctx.exitCode = ExitCode.failure;
  if (flags.json) ctx.out.json(result);
  else if (result.isError)
    ctx.out.message(`error: ${name} failed: ${oneLine(renderToolResult(result, saved))}`);
  else {
    const text = renderToolResult(result, saved);
    if (text !== '') ctx.out.data(text);
  }
  for (const path of saved?.values() ?? []) if (!flags.json) ctx.out.message(`Saved ${path}`);
}

/** What runs as a task: a tool that requires one, or offers one with --task, on a server that runs them. */
function taskSupport(opened: OpenedSession, tool: Tool): 'required' | 'optional' | undefined {
  if (!opened.session.capabilities?.tasks?.requests?.tools?.call) return undefined;
  const support = tool.execution?.taskSupport;
  return support === 'required' || support === 'optional' ? support : undefined;
}

/**
 * Calls a tool and prints its result, showing its progress and task status on stderr while it runs. Ctrl-C
 * cancels it at the server and exits 130. With --no-wait a task is started and its id printed instead.
 */
export async function callTool(
  ctx: CliContext,
  opened: OpenedSession,
  name: string,
  args: Record<string, unknown>,
  flags: ToolCallFlags = {},
): Promise<CallToolResult | undefined> {
  const tool = findTool(opened, name);
  checkRequiredArguments(tool, args);
  const timeoutMs = parseTimeout(flags.timeout);
  const support = taskSupport(opened, tool);
  if ((flags.wait === false || flags.task) && !support) {
    throw new UsageError(
      `${name} does not run as a task on ${opened.name}, so --no-wait and --task do not apply (call it without them)`,
    );
  }
  const progress = showCallProgress(ctx.out, `Calling ${name}`);
  try {
    if (flags.wait === false) {
      const task = await interruptible(ctx, name, (signal) =>
        opened.session.startToolTask(name, args, { signal, ...(timeoutMs ? { timeoutMs } : {}) }),
      );
      progress.stop();
      if (flags.json) ctx.out.json(task);
      else ctx.out.data(task.taskId);
      ctx.out.message(
        `Started ${name} as task ${task.taskId} (${task.status}). Follow it with mcp-use client tasks get ${task.taskId}, ` +
          `its result with mcp-use client tasks result ${task.taskId}. A server that keeps tasks per connection ` +
          `forgets them when this command ends: for those, use mcp-use client interactive.`,
      );
      return undefined;
    }
    const result = await interruptible(
      ctx,
      () => cancelledWhat(name, progress.task),
      (signal) =>
        opened.session.callTool(name, args, {
          signal,
          ...(timeoutMs ? { timeoutMs } : {}),
          ...(flags.task ? { task: true } : {}),
          onProgress: progress.onProgress,
          onTaskStatus: progress.onTaskStatus,
        }),
    );
    progress.stop();
    printToolResult(ctx, name, result, flags);
    return result;
  } finally {
    progress.stop();
  }
}

/** What Ctrl-C cancelled, as the messages say it: the call, or its task and what the server made of it. */
function cancelledWhat(name: string, task: { taskId: string; status: string } | undefined): string {
  return task
    ? `${name} (task ${task.taskId}, ${task.status} at the server)`
    : `${name} (the server was told to stop)`;
}

/** The options of `tools call` besides those of every data command (`--timeout` among them). */
export function callOptions(command: Command): Command {
  return command
    .option(
      '--no-wait',
      'start a tool that runs as a task and print its id instead of waiting for the result',
    )
    .option('--task', 'run a tool whose task support is optional as a task (followed like a required one)')
    .option('--save <dir>', 'write binary content (images, audio, blobs) to files in this folder');
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
    withSession(ctx, options, async (opened) => listTools(ctx, opened, options.json === true), TOOLS_ONLY),
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
    withSession(
      ctx,
      options,
      async (opened) => describeTool(ctx, opened, name, options.json === true),
      TOOLS_ONLY,
    ),
  );

  examples(
    callOptions(
      dataOptions(
        tools
          .command('call')
          .description(
            'call a tool, showing its progress; Ctrl-C cancels it at the server (exit 130); exits 1 when the tool reports an error',
          )
          .argument('<name>', 'tool name')
          .argument('[arguments]', "the tool's arguments as a JSON object"),
      ),
    ),
    [
      `mcp-use client tools call send_email '{"to":"user@example.com"}'`,
      `mcp-use client tools call add '{"a":1,"b":2}' --json | jq '.content[0].text'`,
      `mcp-use client tools call simulate-research-query '{"topic":"tides"}'           # a task: status on stderr`,
      `mcp-use client tools call simulate-research-query '{"topic":"tides"}' --no-wait # prints the task id`,
      'mcp-use client tools call get-tiny-image --save ./out                          # writes the image to ./out',
    ],
  ).action((name: string, json: string | undefined, options: DataCommandOptions & ToolCallFlags) => {
    // Parsed before connecting: a typo in the JSON costs no round trip.
    const args = parseJsonArguments(json, name);
    parseTimeout(options.timeout);
    return withSession(
      ctx,
      options,
      async (opened) => {
        await callTool(ctx, opened, name, args, options);
      },
      TOOLS_ONLY,
    );
  });
}
