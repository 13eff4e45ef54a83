/**
 * `mcp-use client interactive`: a REPL over one open session, with the CLI's own verbs (`tools call …`),
 * history kept across runs, tab completion of verbs, tool and prompt names and resource URIs, and a prompt for
 * each argument when a tool is called without its JSON.
 */
import { createInterface, type Interface } from 'node:readline';
import type { Tool } from '../../core/types';
import { getPrompt, listPrompts, promptArguments } from '../commands/prompts';
import { listResources, type RunningWatch, readResource, watchResource } from '../commands/resources';
import { openOptions } from '../commands/shared';
import { runTaskCommand } from '../commands/tasks';
import { callTool, describeTool, findTool, listTools } from '../commands/tools';
import type { CliContext, DataCommandOptions } from '../context';
import { describeError } from '../describeError';
import { ExitCode, UsageError } from '../errors';
import { Interrupts } from '../interrupt';
import { toolArguments } from '../output/content';
import type { Output } from '../output/Output';
import { parseCount, parseJsonArguments } from '../parseInput';
import { type Prompter, readlinePrompter } from '../prompter';
import { type OpenedSession, openSession, selectSession } from '../sessions/openSession';
import { splitCommandLine } from '../shellWords';
import { createCompleter } from './completer';
import { HISTORY_SIZE, loadHistory, saveHistory } from './history';
import { replFlags } from './replFlags';

const HELP = `Commands (add --json to any of them for JSON output):
  tools list                      list the tools
  tools describe <name>           show a tool's arguments
  tools call <name> [json]        call a tool (asks for each argument when no JSON is given);
                                  --no-wait, --task, --save DIR, --timeout MS as on the command line
  call <name> [json]              the same, shorter
  tasks list                      the tasks the server runs for this session
  tasks get|result|cancel <id>    a task's status, its result (waits for it), or cancel it
  resources list                  list resources and templates
  resources read <uri>            read a resource (--save DIR writes binary contents to files)
  resources watch <uri>           print a resource now and whenever it changes, while you go on
  resources unwatch <uri>         stop watching it
  prompts list                    list the prompts
  prompts get <name> [json]       get a prompt
  help                            this text
  exit                            leave (or Ctrl-D)
Ctrl-C cancels a running call at the server; at the prompt it leaves.
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

/** Resource watches running in the background of the REPL, by URI. */
type Watches = Map<string, RunningWatch>;

/** What runs behind the prompt: the watches, and the context they print through. */
interface Background {
  watches: Watches;
  ctx: CliContext;
}

/**
 * Output for what comes while the prompt waits (a watched resource's updates): printed above the prompt, which
 * is then drawn again with what was being typed. While a command runs there is no prompt to keep.
 */
function aboveThePrompt(out: Output, rl: Interface, idle: () => boolean): Output {
  const around =
    <A>(write: (value: A) => void) =>
    (value: A) => {
      const atPrompt = idle() && out.isTTY;
      if (atPrompt) process.stdout.write('\r\x1b[2K');
      write(value);
      if (atPrompt) rl.prompt(true);
    };
  return { ...out, data: around(out.data), message: around(out.message), json: around(out.json) };
}

async function runLine(
  ctx: CliContext,
  rl: Interface,
  opened: OpenedSession,
  line: string,
  { watches, ctx: background }: Background,
): Promise<void> {
  const { words, flags } = replFlags(splitCommandLine(line));
  const json = flags.json === true;
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
      if (args !== undefined) await callTool(ctx, opened, tool.name, args, flags);
      return;
    }
    case 'tasks list':
      return runTaskCommand(ctx, opened, 'list', undefined, flags);
    case 'tasks get':
    case 'tasks result':
    case 'tasks cancel':
      return runTaskCommand(ctx, opened, sub as 'get' | 'result' | 'cancel', needName('task id'), flags);
    case 'resources list':
      return listResources(ctx, opened, json);
    case 'resources read':
      return readResource(ctx, opened, needName('resource URI'), flags);
    case 'resources watch': {
      const uri = needName('resource URI');
      if (watches.has(uri)) return ctx.out.message(`Already watching ${uri}.`);
      const count = parseCount(flags.count, '--count');
      const watch = watchResource(background, opened, uri, {
        ...(json ? { json } : {}),
        ...(flags.save !== undefined ? { save: flags.save } : {}),
        ...(count !== undefined ? { count } : {}),
      });
      watches.set(uri, watch);
      const forget = () => {
        if (watches.get(uri) === watch) watches.delete(uri);
        void watch.stop();
      };
      watch.done.then(forget, (error: unknown) => {
        background.out.message(`error: watching ${uri}: ${describeError(error)}`);
        forget();
      });
      return ctx.out.message(
        `Watching ${uri}; updates are printed as they come (resources unwatch ${uri} stops).`,
      );
    }
    case 'resources unwatch': {
      const uri = needName('resource URI');
      const watch = watches.get(uri);
      if (!watch) throw new UsageError(`Not watching ${uri}`);
      watches.delete(uri);
      await watch.stop();
      return ctx.out.message(`Stopped watching ${uri}.`);
    }
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
  // The REPL's own Ctrl-C and questions: a server's questions (elicitation) are asked at its prompt.
  let prompter: Prompter | undefined;
  const repl: CliContext = {
    ...ctx,
    interrupts: new Interrupts(),
    prompter: {
      interactive: true,
      ask: (question, signal) => prompter?.ask(question, signal) ?? Promise.resolve(undefined),
      close: () => undefined,
    },
  };
  const opened = await openSession(repl, name, record, {
    ...settings,
    longLived: true,
    ...(options.storedAuthOnly ? { allowSignIn: false } : {}),
  });
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
  prompter = readlinePrompter(rl, true);
  // Ctrl-C cancels a running call; at the prompt it leaves the REPL like Ctrl-D does, closing the session.
  rl.on('SIGINT', () => {
    if (!repl.interrupts.fire()) rl.close();
  });
  let busy = 0;
  const watches: Watches = new Map();
  const background: Background = {
    watches,
    ctx: { ...repl, out: aboveThePrompt(repl.out, rl, () => busy === 0 && !closed) },
  };

  let closed = false;
  const done = new Promise<void>((resolve) => rl.once('close', resolve));
  rl.once('close', () => {
    closed = true;
  });
  // Lines typed (or pasted) while a call is running wait their turn.
  let queue = Promise.resolve();
  rl.on('line', (line) => {
    busy += 1;
    queue = queue
      .then(() => runLine(repl, rl, opened, line, background))
      .catch((error: unknown) => ctx.out.message(`error: ${describeError(error)}`))
      .then(() => {
        busy -= 1;
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
  await Promise.all([...watches.values()].map((watch) => watch.stop()));
  await opened.close();
}
