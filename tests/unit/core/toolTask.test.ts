// Following a task (MCP 2025-11-25) through the cases server-everything does not produce: a task that fails,
// one cancelled by someone else, and the order of requests while a task waits for input. The client is a
// stand-in that answers `tasks/*` from a script of statuses — the only part replaced.
import type { Client } from '@modelcontextprotocol/client';
import { describe, expect, it } from 'vitest';
import { TaskFailedError } from '../../../src/core/errors';
import { followTask, runToolTask } from '../../../src/core/toolTask';
import type { Task } from '../../../src/core/types';

const task = (status: Task['status'], statusMessage?: string): Task => ({
  taskId: 't1',
  status,
  ttl: 60_000,
  createdAt: '2026-01-01T00:00:00Z',
  lastUpdatedAt: '2026-01-01T00:00:00Z',
  pollInterval: 100,
  ...(statusMessage ? { statusMessage } : {}),
});

/** A client whose `tasks/get` walks through `statuses`, and whose `tasks/result` gives `result` or fails. */
function scriptedClient(statuses: Task[], result: () => Promise<unknown>) {
  const methods: string[] = [];
  const client = {
    setNotificationHandler: () => undefined,
    request: async ({ method }: { method: string }) => {
      methods.push(method);
      if (method === 'tasks/get') return statuses.length > 1 ? statuses.shift() : statuses[0];
      if (method === 'tasks/result') return result();
      if (method === 'tasks/cancel') return task('cancelled', 'Cancelled on request.');
      if (method === 'tools/call') return { task: statuses[0] };
      throw new Error(`unexpected ${method}`);
    },
  } as unknown as Client;
  return { client, methods };
}

describe('following a task', () => {
  it('polls until the task ends, then fetches its result; each status is reported once', async () => {
    const { client, methods } = scriptedClient(
      [task('working', 'a'), task('working', 'b'), task('completed')],
      async () => ({
        content: [{ type: 'text', text: 'done' }],
      }),
    );
    const seen: string[] = [];
    const result = await followTask(client, task('working', 'a'), {
      timeout: 1_000,
      onTaskStatus: (t) => seen.push(`${t.status} ${t.statusMessage ?? ''}`.trim()),
    });
    expect(result.content).toEqual([{ type: 'text', text: 'done' }]);
    expect(seen).toEqual(['working a', 'working b', 'completed']);
    expect(methods).toEqual(['tasks/get', 'tasks/get', 'tasks/get', 'tasks/result']);
  });

  it('asks for the result as soon as the task waits for input (that is where its questions come)', async () => {
    let deliver: (value: unknown) => void = () => undefined;
    const { client, methods } = scriptedClient(
      [task('input_required'), task('working')],
      () =>
        new Promise((resolve) => {
          deliver = resolve;
        }),
    );
    const following = followTask(client, task('working'), { timeout: 1_000 });
    await expect.poll(() => methods.includes('tasks/result')).toBe(true);
    expect(methods.indexOf('tasks/result')).toBe(1); // right after the tasks/get that said input_required
    deliver({ content: [{ type: 'text', text: 'answered' }] });
    expect((await following).content).toEqual([{ type: 'text', text: 'answered' }]);
  });

  it('rejects with TaskFailedError when the task failed without a result', async () => {
    const { client } = scriptedClient([task('failed', 'the source was down')], async () => {
      throw new Error('Task t1 has no result stored');
    });
    const failure = followTask(client, task('working'), { timeout: 1_000 });
    await expect(failure).rejects.toBeInstanceOf(TaskFailedError);
    await expect(failure).rejects.toMatchObject({
      code: 'task_failed',
      taskId: 't1',
      taskStatus: 'failed',
      statusMessage: 'the source was down',
    });
  });

  it('gives a failed task its stored result when there is one (an isError result)', async () => {
    const { client } = scriptedClient([task('failed')], async () => ({
      isError: true,
      content: [{ type: 'text', text: 'no such topic' }],
    }));
    expect(await followTask(client, task('working'), { timeout: 1_000 })).toMatchObject({ isError: true });
  });

  it('cancels the task at the server when the signal aborts, and reports the cancelled status', async () => {
    const { client, methods } = scriptedClient([task('working')], async () => ({ content: [] }));
    const abort = new AbortController();
    const seen: string[] = [];
    const following = followTask(client, task('working'), {
      timeout: 1_000,
      signal: abort.signal,
      onTaskStatus: (t) => {
        seen.push(t.status);
        if (t.status === 'working') abort.abort(new DOMException('stop', 'AbortError'));
      },
    });
    await expect(following).rejects.toMatchObject({ name: 'AbortError' });
    expect(methods).toEqual(['tasks/cancel']);
    expect(seen).toEqual(['working', 'cancelled']);
  });

  it("checks a task's structured content against the tool's output schema, as the SDK does for plain calls", async () => {
    const tool = {
      name: 'weather',
      inputSchema: { type: 'object' as const },
      outputSchema: {
        type: 'object' as const,
        properties: { temperature: { type: 'number' } },
        required: ['temperature'],
      },
    };
    const call = { name: 'weather', args: {}, options: {} };
    const good = scriptedClient([task('completed')], async () => ({
      content: [],
      structuredContent: { temperature: 3 },
    }));
    expect(await runToolTask(good.client, call, tool, { timeout: 1_000 })).toMatchObject({
      structuredContent: { temperature: 3 },
    });
    const bad = scriptedClient([task('completed')], async () => ({
      content: [],
      structuredContent: { temperature: 'hot' },
    }));
    await expect(runToolTask(bad.client, call, tool, { timeout: 1_000 })).rejects.toThrow(
      /does not match the tool's output schema/,
    );
  });
});
