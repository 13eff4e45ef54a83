// The CLI against the protocol's reference server, @modelcontextprotocol/server-everything, over its three
// transports: every tool it lists is called as a user would call it (answers to its questions given as typed
// lines), every resource read and every prompt got — the CLI program run in this process, a process per call
// costing more than the calls (support/inProcess.ts). Then on the built bin, as a user runs it: a task and a
// plain call cancelled with Ctrl-C (exit 130), --no-wait, --save, answers piped on stdin, the CLI samples of the
// README and docs/cli.md line by line, and in `interactive` (a real terminal) a task followed with the `tasks`
// verbs while a watched resource prints its updates. One server process per HTTP transport for the whole file.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallToolResult, ElicitRequestFormParams, Task } from '../../src/core/types';
import {
  checkPrompt,
  checkResource,
  type Heard,
  INTERPRETATION,
  newHeard,
  PROMPT_ARGS,
  toolCases,
} from '../support/everythingCalls';
import { EVERYTHING_BIN, type RunningEverything, startEverything } from '../support/everythingServer';
import { CLI, cliEnv, ROOT, runCli, startCli, tempHome } from './support/cli';
import { type InProcessResult, runCliInProcess } from './support/inProcess';
import { startPty } from './support/pty';

const { home, cleanup } = tempHome();
const servers = new Map<string, Promise<RunningEverything>>();
afterAll(async () => {
  await Promise.all([...servers.values()].map(async (server) => (await server).stop()));
  cleanup();
});

type Transport = 'streamableHttp' | 'sse' | 'stdio';
const sessions = new Map<Transport, Promise<string>>();

/** The file's server for a transport, started on first use, and its session (`everything-<transport>`). */
function connected(transport: Transport): Promise<string> {
  let session = sessions.get(transport);
  if (!session) {
    session = (async () => {
      let target = ['--stdio', `node ${EVERYTHING_BIN} stdio`];
      if (transport !== 'stdio') {
        const server = startEverything(transport);
        servers.set(transport, server);
        target = [(await server).url];
      }
      const name = `everything-${transport}`;
      const connect = await runCliInProcess(['client', 'connect', ...target, '--name', name], home);
      expect(connect.code, connect.stderr).toBe(0);
      return name;
    })();
    sessions.set(transport, session);
  }
  return session;
}

/** The CLI answers forms and URLs at the terminal but has no model for sampling and offers no roots. */
const NOT_OFFERED_TO_THE_CLI = ['get-roots-list', 'trigger-sampling-request'];

/** What a user types for the tools that ask something (piped on stdin here). */
const ANSWERS: Record<string, string> = {
  // name, check, firstLine, email, then Enter for the nine fields with defaults.
  'trigger-elicitation-request': `${['Ada', 'y', '', 'ada@example.com', ...Array(9).fill('')].join('\n')}\n`,
  'simulate-research-query': `${INTERPRETATION}\n`,
};

/** What the person at the terminal saw on stderr, as the shared checks expect it. */
function heardOnStderr(tool: string, stderr: string): Heard {
  const heard = newHeard();
  for (const line of stderr.split('\n')) {
    const progress = new RegExp(`^Calling ${tool}: (\\d+)/(\\d+)`).exec(line);
    if (progress) heard.progress.push({ progress: Number(progress[1]), total: Number(progress[2]) });
    const status = new RegExp(`^Calling ${tool}: (working|input_required|completed|failed|cancelled)$`).exec(
      line,
    );
    if (status) heard.statuses.push({ status: status[1] } as Task);
    if (/ asks: /.test(line)) heard.forms.push({} as ElicitRequestFormParams);
    const url = /^ {2}(https?:\/\/\S+)$/.exec(line);
    if (url)
      heard.urls.push({
        request: { mode: 'url', url: url[1]!, message: '', elicitationId: '' },
        context: { retry: false },
      });
  }
  return heard;
}

const json = <T>(result: Pick<InProcessResult, 'stdout' | 'stderr'> & { code: number | null }): T => {
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as T;
};

/** Runs `work` over `items`, `limit` at a time. */
async function inBatches<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: limit }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
    }),
  );
}

describe.each(['streamableHttp', 'sse', 'stdio'] as const)(
  'server-everything over %s, from the CLI',
  (transport) => {
    const session = `everything-${transport}`;
    const run = (args: string[], input?: string) =>
      runCliInProcess([...args, '--session', session], home, input);

    beforeAll(() => connected(transport));

    it('calls every tool it lists, simulate-research-query (a required task) included', async () => {
      const cases = toolCases(expect);
      const listed = json<{ name: string }[]>(await run(['client', 'tools', 'list', '--json'])).map(
        (t) => t.name,
      );
      const expected = Object.keys(cases).filter((name) => !NOT_OFFERED_TO_THE_CLI.includes(name));
      expect(listed.sort()).toEqual(expected.sort());
      // Two at a time, the four-second task first: more would only queue on the sessions file's lock (every
      // command takes it) and on two cores.
      const ordered = [
        'simulate-research-query',
        ...expected.filter((name) => name !== 'simulate-research-query'),
      ];
      await inBatches(ordered, 2, async (name) => {
        const { args, check } = cases[name]!;
        const result = await run(
          ['client', 'tools', 'call', name, JSON.stringify(args), '--json'],
          ANSWERS[name] ?? '',
        );
        expect(result.code, `${name}: ${result.stderr}`).toBe(0);
        check(JSON.parse(result.stdout) as CallToolResult, heardOnStderr(name, result.stderr));
      });
    }, 90_000);

    it.concurrent('reads every resource and gets every prompt it lists', async ({ expect }) => {
      const { resources } = json<{ resources: { uri: string }[] }>(
        await run(['client', 'resources', 'list', '--json']),
      );
      const prompts = json<{ name: string }[]>(await run(['client', 'prompts', 'list', '--json'])).map(
        (p) => p.name,
      );
      expect(prompts.sort()).toEqual(Object.keys(PROMPT_ARGS).sort());
      await inBatches(
        [...resources.map((r) => ['resource', r.uri]), ...prompts.map((p) => ['prompt', p])],
        4,
        async ([kind, id]) => {
          if (kind === 'resource')
            checkResource(expect, id!, json(await run(['client', 'resources', 'read', id!, '--json'])));
          else
            checkPrompt(
              expect,
              id!,
              json(await run(['client', 'prompts', 'get', id!, JSON.stringify(PROMPT_ARGS[id!]), '--json'])),
            );
        },
      );
    }, 90_000);
  },
);

describe('the CLI on server-everything over Streamable HTTP', () => {
  const session = 'everything-streamableHttp';
  beforeAll(() => connected('streamableHttp'));

  it('Ctrl-C cancels a task at the server and exits 130', async () => {
    const cli = startCli(
      ['client', 'tools', 'call', 'simulate-research-query', '{"topic":"tides"}', '--session', session],
      home,
    );
    await cli.waitForStderr(/running as task \S+/);
    cli.child.kill('SIGINT');
    const result = await cli.result;
    expect(result.code, result.stderr).toBe(130);
    expect(result.stderr).toMatch(/^Calling simulate-research-query: cancelled$/m);
    expect(result.stderr).toMatch(
      /^error: Cancelled simulate-research-query \(task \S+, cancelled at the server\)$/m,
    );
    expect(result.stdout).toBe('');
  });

  it('Ctrl-C cancels a plain call (notifications/cancelled) and exits 130, progress shown until then', async () => {
    const cli = startCli(
      [
        'client',
        'tools',
        'call',
        'trigger-long-running-operation',
        '{"duration":20,"steps":40}',
        '--session',
        session,
      ],
      home,
    );
    await cli.waitForStderr(/^Calling trigger-long-running-operation: 1\/40 \(3%\)$/m);
    cli.child.kill('SIGINT');
    const result = await cli.result;
    expect(result.code, result.stderr).toBe(130);
    expect(result.stderr).toMatch(
      /^error: Cancelled trigger-long-running-operation \(the server was told to stop\)$/m,
    );
    expect(result.durationMs).toBeLessThan(15_000);
  });

  it('answers a form with lines piped on stdin', async () => {
    const result = await runCli(
      ['client', 'tools', 'call', 'trigger-elicitation-request', '--session', session],
      home,
      { input: ANSWERS['trigger-elicitation-request']! },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/asks: Please provide inputs for the following fields:/);
    expect(result.stdout).toMatch(/^- Name: Ada$/m);
    // Stdin at its end (a script that pipes nothing) cancels the form; the call itself succeeds.
    const ended = await runCli(
      ['client', 'tools', 'call', 'trigger-elicitation-request', '--session', session],
      home,
      {
        input: '',
      },
    );
    expect(ended.code, ended.stderr).toBe(0);
    expect(ended.stdout).toContain('User cancelled the elicitation dialog');
  });

  it('--no-wait prints the task id; --save writes binary content to files', async () => {
    const started = await runCli(
      [
        'client',
        'tools',
        'call',
        'simulate-research-query',
        '{"topic":"tides"}',
        '--no-wait',
        '--session',
        session,
      ],
      home,
    );
    expect(started.code, started.stderr).toBe(0);
    expect(started.stdout).toMatch(/^\S+\n$/);
    expect(started.stderr).toContain(`Started simulate-research-query as task ${started.stdout.trim()}`);

    const notTask = await runCli(
      ['client', 'tools', 'call', 'echo', '{"message":"x"}', '--no-wait', '--session', session],
      home,
    );
    expect(notTask.code).toBe(2);

    const dir = join(home, 'saved');
    const saved = await runCli(
      ['client', 'tools', 'call', 'get-tiny-image', '--save', dir, '--session', session],
      home,
    );
    expect(saved.code, saved.stderr).toBe(0);
    expect(saved.stdout).toContain(
      `[image image/png, 4033 bytes saved to ${join(dir, 'get-tiny-image.png')}]`,
    );
    expect(readdirSync(dir)).toEqual(['get-tiny-image.png']);
    expect(readFileSync(join(dir, 'get-tiny-image.png')).subarray(1, 4).toString()).toBe('PNG');
  });

  it('runs the CLI samples of the README and docs/cli.md as written; Ctrl-C ends a watch, exit 0', async () => {
    const doc = (file: string) => readFileSync(join(ROOT, file), 'utf8');
    const blockAfter = (text: string, marker: string) => {
      const rest = text.slice(text.indexOf(marker));
      return /```bash\n([\s\S]*?)```/.exec(rest)?.[1] ?? '';
    };
    const cliDoc = doc('docs/cli.md');
    const blocks = [
      blockAfter(doc('README.md'), 'questions the server asks'),
      blockAfter(cliDoc, '## Long calls: progress, tasks and Ctrl-C'),
      // (`### Tasks` holds <id> placeholders.)
      blockAfter(cliDoc, '## Questions from the server'),
      blockAfter(cliDoc, '## Content and `--save`'),
      blockAfter(cliDoc, '## Watching a resource'),
    ];
    const lines = blocks.flatMap((block) => block.trim().split('\n')).filter((line) => !line.startsWith('#'));
    expect(lines.length).toBeGreaterThan(10);
    const cwd = mkdtempSync(join(tmpdir(), 'mcp-use-doc-samples-'));
    const sampleHome = tempHome();
    const { url } = await servers.get('streamableHttp')!;
    const cli = `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)}`;
    const runLine = async (line: string) => {
      const command = line.replaceAll('npx mcp-use', cli).replace('http://localhost:3001/mcp', url);
      const child = spawn('bash', ['-c', command], { cwd, env: cliEnv(sampleHome.home) });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk;
        // A watch runs until Ctrl-C: once it has printed the resource, press it.
        if (command.includes('resources watch') && stdout.includes('# Everything Server - Features'))
          child.kill('SIGINT');
      });
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
        stderr += chunk;
      });
      const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
      expect(code, `${line}\n${stderr}`).toBe(0);
    };
    try {
      // The connects first; then the rest, two at a time (each is a process of its own).
      for (const line of lines.filter((l) => l.includes(' connect '))) await runLine(line);
      await inBatches(
        lines.filter((l) => !l.includes(' connect ')),
        2,
        runLine,
      );
      expect(readdirSync(join(cwd, 'out')).sort()).toEqual([
        '1.txt',
        'get-tiny-image-2.png',
        'get-tiny-image.png',
      ]);
    } finally {
      sampleHome.cleanup();
      rmSync(cwd, { recursive: true, force: true });
    }
  }, 90_000);

  it('in interactive mode: tasks list|get|result|cancel on tasks started with --no-wait, and a resource watch', async () => {
    const quote = (word: string) => `'${word.replaceAll("'", `'\\''`)}'`;
    const pty = startPty(
      `${quote(process.execPath)} ${quote(CLI)} client interactive --session ${session}`,
      cliEnv(home),
      ROOT,
    );
    const prompt = /everything-streamableHttp> $/m;
    await pty.expect(prompt);

    pty.type(`call simulate-research-query '{"topic":"tides"}' --no-wait\r`);
    const [, taskId] = await pty.expect(/^([0-9a-f]{32})$/m);
    await pty.expect(prompt);
    pty.type(`tasks get ${taskId}\r`);
    await pty.expect(new RegExp(`^${taskId}  working`, 'm'));
    pty.type('tasks list\r');
    await pty.expect(new RegExp(`^${taskId}\\s+(working|completed)`, 'm'));
    pty.type(`tasks result ${taskId}\r`);
    await pty.expect(/^# Research Report: tides$/m, 15_000);
    await pty.expect(prompt);

    pty.type(`call simulate-research-query '{"topic":"ebb"}' --no-wait\r`);
    const [, second] = await pty.expect(/^([0-9a-f]{32})$/m);
    pty.type(`tasks cancel ${second}\r`);
    await pty.expect(new RegExp(`^${second}  cancelled`, 'm'));

    const uri = 'demo://resource/static/document/features.md';
    pty.type(`resources watch ${uri}\r`);
    await pty.expect(/^# Everything Server - Features$/m);
    pty.type('call toggle-subscriber-updates\r');
    await pty.expect(new RegExp(`^--- ${uri} updated`, 'm'), 10_000);
    pty.type(`resources unwatch ${uri}\r`);
    await pty.expect(/^Stopped watching/m);
    pty.type('exit\r');
    expect(await pty.exited()).toBe(0);
  });
});
