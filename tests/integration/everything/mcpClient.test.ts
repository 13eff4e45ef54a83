// MCPClient against the protocol's reference server, @modelcontextprotocol/server-everything, over its three
// transports: every tool it lists is called (sampling answered by the test's onSampling, elicitations by its
// onElicitation), every resource and prompt it lists is read; then tasks, progress, cancellation, URL
// elicitation and resource subscriptions one by one. One server process per HTTP transport for the whole file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MCPClient, type MCPSession } from '../../../src/node/index';
import {
  answerElicitation,
  answerSampling,
  callEveryTool,
  checkPrompt,
  checkResource,
  type Heard,
  newHeard,
  PROMPT_ARGS,
  ROOTS,
  text,
  toolCases,
  URL_TO_OPEN,
} from '../../support/everythingCalls';
import { EVERYTHING_STDIO, type RunningEverything, startEverything } from '../../support/everythingServer';

const TRANSPORTS = ['streamableHttp', 'sse', 'stdio'] as const;
type Transport = (typeof TRANSPORTS)[number];

/** Requests seen on the wire (HTTP transports), to see what was sent on cancellation. */
interface Wire {
  methods: { method: string; params?: Record<string, unknown> }[];
}

function recordingFetch(wire: Wire): typeof fetch {
  return async (input, init) => {
    if (typeof init?.body === 'string') {
      const body = JSON.parse(init.body) as { method?: string; params?: Record<string, unknown> };
      if (body.method)
        wire.methods.push({ method: body.method, ...(body.params ? { params: body.params } : {}) });
    }
    return fetch(input, init);
  };
}

describe.each(TRANSPORTS)('server-everything over %s, from MCPClient', (transport: Transport) => {
  let server: RunningEverything | undefined;
  let client: MCPClient;
  let session: MCPSession;
  const heard: Heard = newHeard();
  const wire: Wire = { methods: [] };

  beforeAll(async () => {
    server = transport === 'stdio' ? undefined : await startEverything(transport);
    const entry = server
      ? { url: server.url, ...(transport === 'sse' ? { transportType: 'sse' } : {}) }
      : { command: EVERYTHING_STDIO.command, args: EVERYTHING_STDIO.args };
    client = MCPClient.fromDict(
      { mcpServers: { everything: entry } },
      {
        autoReconnect: false,
        onElicitation: answerElicitation(heard),
        onSampling: answerSampling(heard),
        roots: ROOTS,
        fetch: recordingFetch(wire),
      },
    );
    session = await client.createSession('everything');
  });

  afterAll(async () => {
    await client?.closeAllSessions();
    await server?.stop();
  });

  it.concurrent('calls every tool it lists, simulate-research-query (a required task) included', async ({
    expect,
  }) => {
    const cases = toolCases(expect);
    expect(session.tools.map((tool) => tool.name).sort()).toEqual(Object.keys(cases).sort());
    await callEveryTool(expect, cases, (name, args, options) => session.callTool(name, args, options), heard);
  });

  it.concurrent('reads every resource and resource template instance, and gets every prompt', async ({
    expect,
  }) => {
    expect(session.resources.length).toBeGreaterThan(0);
    for (const resource of session.resources)
      checkResource(expect, resource.uri, await session.readResource(resource.uri));
    for (const template of session.resourceTemplates) {
      const uri = template.uriTemplate.replace('{resourceId}', '1');
      checkResource(expect, uri, await session.readResource(uri));
    }
    expect(session.prompts.map((prompt) => prompt.name).sort()).toEqual(Object.keys(PROMPT_ARGS).sort());
    for (const prompt of session.prompts)
      checkPrompt(expect, prompt.name, await session.getPrompt(prompt.name, PROMPT_ARGS[prompt.name]));
  });

  it.concurrent('runs a task without waiting, then lists, reads, and waits for its result', async ({
    expect,
  }) => {
    const task = await session.startToolTask('simulate-research-query', { topic: 'tides' });
    expect(task.status).toBe('working');
    expect((await session.getTask(task.taskId)).taskId).toBe(task.taskId);
    expect((await session.listTasks()).map((listed) => listed.taskId)).toContain(task.taskId);
    const result = await session.getTaskResult(task.taskId, { timeoutMs: 15_000 });
    expect(text(result)).toContain('# Research Report: tides');
  });

  it.concurrent('cancels a task at the server when the call is aborted', async ({ expect }) => {
    const abort = new AbortController();
    let taskId: string | undefined;
    const call = session.callTool(
      'simulate-research-query',
      { topic: 'cancelled' },
      {
        signal: abort.signal,
        onTaskStatus: (task) => {
          taskId = task.taskId;
          abort.abort();
        },
      },
    );
    await expect(call).rejects.toMatchObject({ code: 'aborted' });
    expect(taskId).toBeDefined();
    expect((await session.getTask(taskId!)).status).toBe('cancelled');
  });

  it.concurrent('sends notifications/cancelled for an aborted plain call, and reports its progress until then', async ({
    expect,
  }) => {
    const abort = new AbortController();
    const progress: number[] = [];
    const call = session.callTool(
      'trigger-long-running-operation',
      { duration: 20, steps: 40 },
      {
        signal: abort.signal,
        onProgress: (p) => {
          progress.push(p.progress);
          abort.abort();
        },
      },
    );
    await expect(call).rejects.toMatchObject({ code: 'aborted' });
    expect(progress).toEqual([1]);
    if (transport !== 'stdio') {
      // What went over the wire (HTTP): the call, then its cancellation naming the call.
      const cancelled = wire.methods.filter((entry) => entry.method === 'notifications/cancelled');
      expect(cancelled.length).toBeGreaterThan(0);
    }
  });

  it.concurrent('asks for the URLs a call requires (-32042), then sends the call again', async ({
    expect,
  }) => {
    const elicitationId = `retry-${transport}`;
    const result = await session.callTool('trigger-url-elicitation', {
      url: URL_TO_OPEN,
      errorPath: true,
      elicitationId,
    });
    expect(text(result)).toContain('User completed the URL elicitation flow');
    // The prerequisite from the error (retry: true; the server names it by a fresh id), then the call's own
    // request (retry: false) once sent again.
    expect(heard.urls.filter(({ context }) => context.retry).map(({ request }) => request.url)).toContain(
      'https://modelcontextprotocol.io',
    );
    expect(
      heard.urls.some(({ request, context }) => request.elicitationId === elicitationId && !context.retry),
    ).toBe(true);
  });

  it('watches a resource: read now, and again on each update the server sends', async () => {
    const uri = 'demo://resource/static/document/features.md';
    const reads: number[] = [];
    const errors: unknown[] = [];
    const readsReached = new Map<number, () => void>();
    const reached = (count: number) =>
      new Promise<void>((resolve) => {
        readsReached.set(count, resolve);
      });
    const first = reached(1);
    const second = reached(2);
    const stop = session.watchResource(
      uri,
      (result) => {
        reads.push(result.contents.length);
        readsReached.get(reads.length)?.();
      },
      { onError: (error) => errors.push(error) },
    );
    // Read once subscribed; then toggle-subscriber-updates starts this session's updates (the first at once,
    // then every 5 s). The first test toggled them on, so toggle twice to restart them.
    await withinMs(first, 5_000);
    await session.callTool('toggle-subscriber-updates', {});
    await session.callTool('toggle-subscriber-updates', {});
    await withinMs(second, 3_000);
    await stop();
    expect(errors).toEqual([]);
    expect(reads.length).toBeGreaterThanOrEqual(2);
  });
});

function withinMs<T>(work: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not within ${ms} ms`)), ms);
    work.then(resolve, reject).finally(() => clearTimeout(timer));
  });
}
