/**
 * Tool calls as tasks (MCP 2025-11-25, "Tasks"): `tools/call` with `task` answers at once with a task, which
 * the client follows with `tasks/get` (at the server's `pollInterval`, sooner when a status notification comes)
 * until it ends, then fetches `tasks/result`. Loaded on the first task, so apps that never run one never ship it.
 */
import {
  type CallToolResult,
  type Client,
  fromJsonSchema,
  ProtocolError,
  ProtocolErrorCode,
  type RequestOptions,
  specTypeSchemas,
  type Task,
  type Tool,
} from '@modelcontextprotocol/client';
import { TaskFailedError } from './errors';
import { onNotification } from './notificationHub';
import type { ToolCall } from './toolCall';

const TERMINAL = new Set<Task['status']>(['completed', 'failed', 'cancelled']);
/** When the server suggests no `pollInterval`; and the least we wait between two `tasks/get`. */
const DEFAULT_POLL_MS = 1_000;
const MIN_POLL_MS = 100;
/** `tasks/list` pages walked at most, against a server whose cursor never ends. */
const MAX_LIST_PAGES = 64;

type Options = RequestOptions & { onTaskStatus?: (task: Task) => void };

/** Sends the call as a task and resolves with the task the server created. */
export async function createTask(client: Client, call: ToolCall, options: RequestOptions): Promise<Task> {
  const ttlMs = typeof call.options.task === 'object' ? call.options.task.ttlMs : undefined;
  const { task } = await client.request(
    {
      method: 'tools/call',
      params: { name: call.name, arguments: call.args, task: ttlMs !== undefined ? { ttl: ttlMs } : {} },
    },
    specTypeSchemas.CreateTaskResult,
    options,
  );
  return task;
}

export function getTask(client: Client, taskId: string, options: RequestOptions): Promise<Task> {
  return client.request({ method: 'tasks/get', params: { taskId } }, specTypeSchemas.GetTaskResult, options);
}

/** A task's result; the server holds the request until the task has ended (delivering its requests meanwhile). */
export function getTaskResult(
  client: Client,
  taskId: string,
  options: RequestOptions,
): Promise<CallToolResult> {
  return client.request(
    { method: 'tasks/result', params: { taskId } },
    specTypeSchemas.CallToolResult,
    options,
  );
}

export function cancelTask(client: Client, taskId: string, options: RequestOptions): Promise<Task> {
  return client.request(
    { method: 'tasks/cancel', params: { taskId } },
    specTypeSchemas.CancelTaskResult,
    options,
  );
}

/** Every task the server lists for this client, all pages. */
export async function listTasks(client: Client, options: RequestOptions): Promise<Task[]> {
  const tasks: Task[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_LIST_PAGES; page += 1) {
    const result = await client.request(
      { method: 'tasks/list', params: cursor ? { cursor } : {} },
      specTypeSchemas.ListTasksResult,
      options,
    );
    tasks.push(...result.tasks);
    cursor = result.nextCursor;
    if (!cursor) break;
  }
  return tasks;
}

/** Creates the task and follows it to its result. */
export async function runToolTask(
  client: Client,
  call: ToolCall,
  tool: Tool | undefined,
  options: RequestOptions,
): Promise<CallToolResult> {
  const task = await createTask(client, call, options);
  const result = await followTask(client, task, { ...options, onTaskStatus: call.options.onTaskStatus });
  return checkOutput(tool, result);
}

/**
 * Follows a task until it ends and resolves with its result. Giving up — an aborted `signal`, a request that
 * failed or timed out — cancels the task at the server (`tasks/cancel`) first, so it does not go on working. A
 * task that failed, or that someone else cancelled, with no result to give rejects with TaskFailedError.
 */
export async function followTask(client: Client, created: Task, options: Options): Promise<CallToolResult> {
  const { signal, onTaskStatus } = options;
  // The abort is handled here rather than by the SDK, so that the cancel can still go out after it.
  const request = options.timeout !== undefined ? { timeout: options.timeout } : {};
  let task = created;
  let reported: string | undefined;
  const report = (next: Task) => {
    task = next;
    const key = `${next.status}\n${next.statusMessage ?? ''}`;
    if (key !== reported) onTaskStatus?.(next);
    reported = key;
  };
  let wake: (() => void) | undefined;
  const stopListening = onNotification(client, 'notifications/tasks/status', (params) => {
    if (params.taskId !== created.taskId) return;
    report(params);
    wake?.();
  });
  let result: Promise<CallToolResult> | undefined;
  let resultSettled = false;
  const fetchResult = () => {
    // The server holds `tasks/result` until the task ends: wait as long as it keeps the task, at least.
    const timeout = Math.max(options.timeout ?? 0, task.ttl ?? 0) || undefined;
    result ??= getTaskResult(client, created.taskId, timeout ? { timeout } : {}).finally(() => {
      resultSettled = true;
      wake?.();
    });
    result.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile
    return result;
  };
  try {
    report(created);
    while (!TERMINAL.has(task.status) && !resultSettled) {
      // 2025-11-25: a task waiting for input delivers the server's requests (elicitation, sampling) on the
      // `tasks/result` response, so that request goes out now and is answered when the task ends.
      if (task.status === 'input_required') fetchResult();
      await pause(pollInterval(task), signal, (resume) => {
        wake = resume;
      });
      if (!TERMINAL.has(task.status) && !resultSettled)
        report(await withAbort(getTask(client, created.taskId, request), signal));
    }
    try {
      const result = await withAbort(fetchResult(), signal);
      // The result can come before any word that the task ended (no status notification, no poll since):
      // one last look, so whoever shows the status sees how it ended.
      if (!TERMINAL.has(task.status))
        report(await getTask(client, created.taskId, request).catch(() => task));
      return result;
    } catch (cause) {
      if (task.status !== 'failed' && task.status !== 'cancelled') throw cause;
      throw new TaskFailedError(
        {
          taskId: task.taskId,
          status: task.status,
          ...(task.statusMessage !== undefined ? { statusMessage: task.statusMessage } : {}),
        },
        { cause },
      );
    }
  } catch (error) {
    if (!TERMINAL.has(task.status)) {
      const cancelled = await cancelTask(client, created.taskId, request).catch(() => undefined);
      if (cancelled) report(cancelled); // what the server says now (`cancelled`), for whoever shows the status
    }
    throw signal?.aborted ? (signal.reason ?? error) : error;
  } finally {
    stopListening();
  }
}

function pollInterval(task: Task): number {
  return Math.max(MIN_POLL_MS, task.pollInterval ?? DEFAULT_POLL_MS);
}

/** Waits `ms`, less when woken (a status notification, the result arriving); rejects when `signal` aborts. */
function pause(
  ms: number,
  signal: AbortSignal | undefined,
  onWake: (resume: () => void) => void,
): Promise<void> {
  return withAbort(
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      onWake(() => {
        clearTimeout(timer);
        resolve();
      });
    }),
    signal,
  );
}

function withAbort<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * The SDK checks `structuredContent` against the tool's output schema on plain calls; a task's result comes
 * through `tasks/result`, past that check, so it is checked here the same way.
 */
async function checkOutput(tool: Tool | undefined, result: CallToolResult): Promise<CallToolResult> {
  if (!tool?.outputSchema || result.isError) return result;
  if (result.structuredContent === undefined) {
    throw new ProtocolError(
      ProtocolErrorCode.InvalidRequest,
      `Tool ${tool.name} has an output schema but did not return structured content`,
    );
  }
  const outcome = await fromJsonSchema(tool.outputSchema)['~standard'].validate(result.structuredContent);
  if (outcome.issues) {
    throw new ProtocolError(
      ProtocolErrorCode.InvalidParams,
      `Structured content does not match the tool's output schema: ${outcome.issues.map((i) => i.message).join('; ')}`,
    );
  }
  return result;
}
