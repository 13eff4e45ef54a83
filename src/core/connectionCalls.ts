import type {
  CallToolResult,
  Client,
  GetPromptResult,
  ReadResourceResult,
  Task,
} from '@modelcontextprotocol/client';
import type { RequestOptions } from './liveClient';
import type { ResourceWatches } from './resourceWatch';
import type { ToolCallContext } from './toolCall';
import type {
  CallOptions,
  ConnectionOptions,
  ConnectionSnapshot,
  ResourceListener,
  ToolCallOptions,
  WatchResourceOptions,
} from './types';

/** Sends a request on the connection's ready client, with its timeout, abort and error rules. */
export type ConnectionRequest = <T>(
  run: (client: Client, options: RequestOptions) => Promise<T>,
  options: CallOptions | undefined,
) => Promise<T>;

/** What the calls read from their connection, when they run (the connection is still being built when they are). */
interface ConnectionSide {
  request: ConnectionRequest;
  snapshot: () => ConnectionSnapshot;
  options: () => ConnectionOptions;
  context: () => { serverName?: string; serverUrl?: string };
}

type TaskModule = typeof import('./toolTask');

/**
 * What a connection asks of its server beyond its lists, as the methods it exposes: tool calls, tasks, resource
 * reads and watches, prompts. The task module is loaded on first use, as calls that run as tasks load it, so an app that
 * never meets a task does not ship it.
 */
export function connectionCalls({ request, snapshot, options, context }: ConnectionSide) {
  const tool = (name: string): ToolCallContext => {
    const { tools, era } = snapshot();
    const { onElicitation } = options();
    return { tool: tools.find((t) => t.name === name), era, onElicitation, context: context() };
  };
  const tasks = <T>(
    run: (module: TaskModule, client: Client, o: RequestOptions) => Promise<T>,
    opts?: CallOptions,
  ) => request(async (client, o) => run(await import('./toolTask'), client, o), opts);
  // The tool-call code (tasks, URL elicitation, Mcp-Param-* headers) is not part of connecting: it loads on
  // demand, and a connection that becomes ready fetches it at once, off the connect path, so a first call does
  // not wait for it.
  const toolCalls = () => import('./toolCall');
  let watches: Promise<ResourceWatches> | undefined;
  let client: Client | undefined;
  return {
    /** Calls a tool; as a task when it requires one (or offers one and `task` asks), followed to its result. */
    callTool: (
      name: string,
      args: Record<string, unknown> = {},
      opts: ToolCallOptions = {},
    ): Promise<CallToolResult> =>
      request(
        async (c, o) => (await toolCalls()).callTool(c, { name, args, options: opts }, tool(name), o),
        opts,
      ),
    /** Starts a tool call as a task and resolves with the task as soon as the server has created it. */
    startToolTask: (
      name: string,
      args: Record<string, unknown> = {},
      opts: ToolCallOptions = {},
    ): Promise<Task> =>
      request(
        async (c, o) => (await toolCalls()).startToolTask(c, { name, args, options: opts }, tool(name), o),
        opts,
      ),
    readResource: (uri: string, opts?: CallOptions): Promise<ReadResourceResult> =>
      request((c, o) => c.readResource({ uri }, o), opts),
    getPrompt: (
      name: string,
      args: Record<string, string> = {},
      opts?: CallOptions,
    ): Promise<GetPromptResult> => request((c, o) => c.getPrompt({ name, arguments: args }, o), opts),
    /** This client's tasks at the server. */
    listTasks: (opts?: CallOptions): Promise<Task[]> => tasks((t, c, o) => t.listTasks(c, o), opts),
    getTask: (taskId: string, opts?: CallOptions): Promise<Task> =>
      tasks((t, c, o) => t.getTask(c, taskId, o), opts),
    /** A task's result; the server answers once the task has ended. */
    getTaskResult: (taskId: string, opts?: CallOptions): Promise<CallToolResult> =>
      tasks((t, c, o) => t.getTaskResult(c, taskId, o), opts),
    cancelTask: (taskId: string, opts?: CallOptions): Promise<Task> =>
      tasks((t, c, o) => t.cancelTask(c, taskId, o), opts),
    /**
     * Reads a resource now and again whenever the server says it changed (`resources/subscribe`), across
     * reconnects, until the returned function is called. Works in any state: it starts once the connection is
     * ready.
     */
    watchResource: (
      uri: string,
      listener: ResourceListener,
      opts?: WatchResourceOptions,
    ): (() => Promise<void>) => {
      // Loaded on the first watch (most apps never watch a resource).
      watches ??= import('./resourceWatch').then(({ ResourceWatches }) => {
        const created = new ResourceWatches((run) => request(run, undefined));
        if (client) created.attach(client);
        return created;
      });
      const stop = watches.then((loaded) => loaded.add(uri, listener, opts));
      return () => stop.then((unwatch) => unwatch());
    },
    /** The connection became ready on `ready`, or left `ready` (undefined). */
    linked(ready: Client | undefined): void {
      client = ready;
      if (ready) void toolCalls();
      void watches?.then((loaded) => (ready ? loaded.attach(ready) : loaded.detach()));
    },
  };
}
