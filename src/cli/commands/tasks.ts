import type { Command } from 'commander';
import type { Task } from '../../core/types';
import type { CliContext, DataCommandOptions } from '../context';
import { interruptible } from '../interrupt';
import { whileWaiting } from '../output/spinner';
import { formatTable } from '../output/table';
import { parseTimeout } from '../parseInput';
import type { OpenedSession } from '../sessions/openSession';
import { dataOptions, examples, withSession } from './shared';
import { printToolResult } from './tools';

type TaskVerb = 'list' | 'get' | 'result' | 'cancel';

interface TaskFlags {
  json?: boolean;
  save?: string;
  timeout?: string;
}

/** One line about a task: id, status, and the server's message (through Output like all server text). */
function taskLine(task: Task): string {
  return `${task.taskId}  ${task.status}${task.statusMessage ? `  ${task.statusMessage}` : ''}`;
}

/**
 * `tasks list|get|result|cancel` (MCP tasks): what the server holds for this client. Tasks live at the server;
 * one that keeps them per connection (each command is a connection of its own) shows them only within
 * `mcp-use client interactive`.
 */
export async function runTaskCommand(
  ctx: CliContext,
  opened: OpenedSession,
  verb: TaskVerb,
  taskId: string | undefined,
  flags: TaskFlags,
): Promise<void> {
  const { session } = opened;
  const timeoutMs = parseTimeout(flags.timeout);
  const options = timeoutMs ? { timeoutMs } : {};
  const id = taskId ?? '';
  switch (verb) {
    case 'list': {
      const tasks = await whileWaiting('Listing tasks…', ctx.out.isErrTTY, () => session.listTasks(options));
      if (flags.json) return ctx.out.json(tasks);
      if (tasks.length === 0) return ctx.out.message(`${opened.name} lists no tasks.`);
      return ctx.out.data(
        formatTable(
          ['TASK', 'STATUS', 'UPDATED', 'MESSAGE'],
          tasks.map((task) => [task.taskId, task.status, task.lastUpdatedAt, task.statusMessage ?? '']),
          ctx.out.isTTY ? ctx.out.columns : undefined,
        ),
      );
    }
    case 'get': {
      const task = await session.getTask(id, options);
      return flags.json ? ctx.out.json(task) : ctx.out.data(taskLine(task));
    }
    case 'cancel': {
      const task = await session.cancelTask(id, options);
      return flags.json ? ctx.out.json(task) : ctx.out.data(taskLine(task));
    }
    case 'result': {
      // The server answers once the task has ended; Ctrl-C stops waiting (the task goes on at the server).
      const result = await interruptible(ctx, `waiting for task ${id}`, (signal) =>
        whileWaiting(`Waiting for task ${id}…`, ctx.out.isErrTTY, () =>
          session.getTaskResult(id, { ...options, signal }),
        ),
      );
      return printToolResult(ctx, `task-${id}`, result, flags);
    }
  }
}

export function registerTasks(client: Command, ctx: CliContext): void {
  const tasks = client
    .command('tasks')
    .description(
      'the tasks a server runs for this client (tools that run as tasks, or called with --no-wait)',
    );
  examples(tasks, [
    'mcp-use client tasks list',
    'mcp-use client tasks get 786512e2-9e0d-44bd-8f29-789f320fe840',
    'mcp-use client tasks result 786512e2-9e0d-44bd-8f29-789f320fe840',
    'mcp-use client tasks cancel 786512e2-9e0d-44bd-8f29-789f320fe840',
  ]);
  tasks.addHelpText(
    'after',
    '\nTasks live at the server. One that keeps them per connection forgets them when a command ends: use\n' +
      'them within mcp-use client interactive there.\n',
  );
  const action =
    (verb: TaskVerb) =>
    (...args: unknown[]) => {
      const taskId = verb === 'list' ? undefined : (args[0] as string);
      const options = (verb === 'list' ? args[0] : args[1]) as DataCommandOptions & TaskFlags;
      parseTimeout(options.timeout);
      return withSession(ctx, options, (opened) => runTaskCommand(ctx, opened, verb, taskId, options), {
        lists: [],
      });
    };
  const withId = (command: Command) =>
    command.argument('<taskId>', 'the task id (as tools call --no-wait printed it)');
  dataOptions(tasks.command('list').description("list this client's tasks")).action(action('list'));
  dataOptions(withId(tasks.command('get').description("show a task's status"))).action(action('get'));
  dataOptions(withId(tasks.command('result').description("wait for a task's result and print it")))
    .option('--save <dir>', 'write binary content (images, audio, blobs) to files in this folder')
    .action(action('result'));
  dataOptions(withId(tasks.command('cancel').description('cancel a task at the server'))).action(
    action('cancel'),
  );
}
