/**
 * `mcp-use client interactive`: a REPL over one open session, with the CLI's own verbs (`tools call …`),
 * history kept across runs, tab completion of verbs, tool and prompt names and resource URIs, and a prompt for
 * each argument when a tool is called without its JSON.
 */
import { createInterface, type Interface } from 'node:readline';
import type { Tool } from '../../core/types';
import { callTool, describeTool, findTool, listTools } from '../commands/tools';
import { getPrompt, listPrompts, promptArguments } from '../commands/prompts';
import { listResources, readResource } from '../commands/resources';
import { openOptions } from '../commands/shared';
import type { CliContext, DataCommandOptions } from '../context';
import { describeError } from '../describeError';
import { ExitCode, UsageError } from '../errors';
import { toolArguments } from '../output/content';
import { parseJsonArguments } from '../parseInput';
import { type OpenedSession, openSession, selectSession } from '../sessions/openSession';
import { splitCommandLine } from '../shellWords';
import { createCompleter } from './completer';
import { HISTORY_SIZE, loadHistory, saveHistory } from './history';

const HELP = `Commands (add --json to any of them for JSON output):
  tools list                      list the tools
  tools describe <name>           show a tool's arguments
  tools call <name> [json]        call a tool (asks for each argument when no JSON is given)
  call <name> [json]              the same, shorter
  resources list                  list resources and templates
  resources read <uri>            read a resource
  prompts list                    list the prompts
  prompts get <name> [json]       get a prompt
  help                            this text
  exit                            leave (or Ctrl-D)
Tab completes commands, tool and prompt names and resource URIs; ↑/↓ browse the history.`;

/** rl.question as a promise that also settles (undefined) when the REPL is closed while asking. */
function ask(rl: Interface, query: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const onClose = () => resolve(undefined);
    rl.once('close', onClose);
    rl.question(query, (answer) => {
      rl.off('close', onClose);
      resolve(answer);
    });
  });
}

/** A typed answer: JSON when it parses (numbers, booleans, objects), else the text itself. */
function looseValue(answer: string, type: string): unknown {
  if (type === 'string') return answer;
  try {
    return JSON.parse(answer);
  } catch {
    return answer;
  }
}

/** Asks for each argument of `tool`, required ones first; undefined when the user gives up. */
async function askArguments(
  ctx: CliContext,
  rl: Interface,
  tool: Tool,
): Promise<Record<string, unknown> | undefined> {
  const args: Record<string, unknown> = {};
  for (const arg of toolArguments(tool)) {
    const hint = [arg.type, arg.required ? 'required' : 'optional, Enter to skip'].join(', ');
    const answer = await ask(rl, `  ${arg.name} (${hint}): `);
    if (answer === undefined) return undefined;
    if (answer === '') {
      if (!arg.required) continue;
      ctx.out.message(`Cancelled: ${arg.name} is required.`);
      return undefined;
    }
    args[arg.name] = looseValue(answer, arg.type);
  }
  return args;
}

async function runLine(ctx: CliContext, rl: Interface, opened: OpenedSession, line: string): Promise<void> {
  const all = splitCommandLine(line);
  const json = all.includes('--json');
  const words = all.filter((word) => word !== '--json');
  // `call <name> [json]` is short for `tools call <name> [json]`.
  const [verb, ...rest] = words[0] === 'call' ? ['tools', 'call', ...words.slice(1)] : words;
  if (verb === undefined) return;
  const [sub, name, argumentsJson] = rest;
  const command = `${verb} ${sub ?? ''}`.trim();
  const needName = (what: string) => {
    if (name === undefined) throw new UsageError(`${command} needs a ${what}`);
    return name;
  };
  switch (command) {
    case 'help':
      return ctx.out.message(HELP);
    case 'exit':
    case 'quit':
      rl.close();
      return;
    case 'tools list':
      return listTools(ctx, opened, json);
    case 'tools describe':
      return describeTool(ctx, opened, needName('tool name'), json);
    case 'tools call': {
      const tool = findTool(opened, needName('tool name'));
      const args =
        argumentsJson !== undefined
          ? parseJsonArguments(argumentsJson, tool.name)
          : toolArguments(tool).length > 0
            ? await askArguments(ctx, rl, tool)
            : {};
      if (args !== undefined) await callTool(ctx, opened, tool.name, args, json);
      return;
    }
    case 'resources list':
      return listResources(ctx, opened, json);
    case 'resources read':
      return readResource(ctx, opened, needName('resource URI'), json);
    case 'prompts list':
      return listPrompts(ctx, opened, json);
    case 'prompts get': {
      const promptName = needName('prompt name');
      return getPrompt(
        ctx,
        opened,
        promptName,
        promptArguments(promptName, parseJsonArguments(argumentsJson, promptName)),
        json,
      );
    }
    default:
      throw new UsageError(`Unknown command ${JSON.stringify(line.trim())}; type help for the list`);
  }
}

export async function runInteractive(ctx: CliContext, options: DataCommandOptions): Promise<void> {
  const settings = openOptions(options);
  const { name, record } = selectSession(ctx, options.session);
  const opened = await openSession(ctx, name, record, { ...settings, longLived: true });
  let history = loadHistory();
  const rl = createInterface({
    input: process.stdin,
    output: process.stdout,
    completer: createCompleter(opened.session),
    history,
    historySize: HISTORY_SIZE,
    removeHistoryDuplicates: true,
    prompt: `${name}> `,
  });
  rl.on('history', (lines: string[]) => {
    history = lines;
  });
  // Ctrl-C leaves the REPL like Ctrl-D does, closing the session on the way out.
  rl.on('SIGINT', () => rl.close());

  let closed = false;
  const done = new Promise<void>((resolve) => rl.once('close', resolve));
  rl.once('close', () => {
    closed = true;
  });
  // Lines typed (or pasted) while a call is running wait their turn.
  let queue = Promise.resolve();
  rl.on('line', (line) => {
    queue = queue
      .then(() => runLine(ctx, rl, opened, line))
      .catch((error: unknown) => ctx.out.message(`error: ${describeError(error)}`))
      .then(() => {
        ctx.exitCode = ExitCode.ok; // a failed call in the REPL is reported, not the REPL's exit status
        if (!closed) rl.prompt();
      });
  });

  const tools = opened.session.tools.length;
  ctx.out.message(
    `Connected to ${name} (${tools} tool${tools === 1 ? '' : 's'}). Type help for commands, exit to leave.`,
  );
  rl.prompt();
  await done;
  await queue;
  saveHistory(history);
  await opened.close();
}
