import type { Connection } from '../core/Connection';
import { McpUseError } from '../core/errors';
import type {
  CallOptions,
  CallToolResult,
  ConnectionState,
  GetPromptResult,
  Implementation,
  Prompt,
  ReadResourceResult,
  Resource,
  ResourceListener,
  ResourceTemplate,
  ServerCapabilities,
  Task,
  Tool,
  ToolCallOptions,
  WatchResourceOptions,
} from '../core/types';
import { SessionClosedError, SignInLimitError } from './errors';

/** Sign-ins one `connect()` (or one refused request) may run before giving up on a server that keeps asking. */
export const MAX_SIGN_INS_PER_CONNECT = 3;

/**
 * One configured server's live connection, as `MCPClient.createSession()` hands it out. A thin wrapper over a
 * core `Connection` (exposed as `connection` for subscribing to state changes): the cached lists and server
 * details come from the connection's snapshot, and every call goes through the connection, so calls made while
 * it is not ready reject with `NotConnectedError`.
 */
export class MCPSession {
  readonly serverName: string;
  readonly connection: Connection;
  /** The sign-in a refused request is waiting for, shared by every request refused meanwhile. */
  #signingIn: Promise<void> | undefined;

  constructor(serverName: string, connection: Connection) {
    this.serverName = serverName;
    this.connection = connection;
  }

  get state(): ConnectionState {
    return this.connection.getSnapshot().state;
  }

  /** Whether the connection is ready for calls right now. */
  get isConnected(): boolean {
    return this.state === 'ready';
  }

  /** The tools listed at connect time, kept current by list-changed notifications and `listTools()`. */
  get tools(): readonly Tool[] {
    return this.connection.getSnapshot().tools;
  }

  get resources(): readonly Resource[] {
    return this.connection.getSnapshot().resources;
  }

  get resourceTemplates(): readonly ResourceTemplate[] {
    return this.connection.getSnapshot().resourceTemplates;
  }

  get prompts(): readonly Prompt[] {
    return this.connection.getSnapshot().prompts;
  }

  /** The server's name and version from the handshake. */
  get serverInfo(): Implementation | undefined {
    return this.connection.getSnapshot().serverInfo;
  }

  get capabilities(): ServerCapabilities | undefined {
    return this.connection.getSnapshot().capabilities;
  }

  /**
   * Connects (unless already connected or connecting) and resolves once the connection is `ready`. Rejects with
   * the connection's typed error when it ends in `failed` (after any configured retries), or with code `aborted`
   * when the session is closed first. Waits on state changes, not by polling; the connection bounds the wait
   * with its request timeout and retry policy.
   *
   * A server configured with OAuth that needs the user to sign in (`pending_auth`) gets the browser flow at once
   * (NodeOAuth bounds it with `authTimeoutMs`). After a sign-in that succeeded, the server may ask again — it
   * moved to another authorization server, or a step-up wants wider scopes — and another sign-in follows, up to
   * MAX_SIGN_INS_PER_CONNECT in one call (then SignInLimitError). A sign-in that fails (denied, timed out,
   * wrong issuer) is not retried: the call rejects with the reason.
   */
  connect(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let signIns = 0;
      let previous = this.state;
      const settle = (): boolean => {
        const { state, error } = this.connection.getSnapshot();
        const before = previous;
        previous = state;
        if (state === 'ready') resolve();
        else if (state === 'failed') reject(error ?? this.#error('connection_failed', 'could not connect'));
        else if (state === 'pending_auth') {
          // Straight from `authenticating` back to `pending_auth` (with the reason in `error`): the sign-in
          // this call started failed. A successful one goes on to `connecting` first.
          if (signIns > 0 && before === 'authenticating') {
            reject(error ?? this.#error('auth_required', 'requires OAuth sign-in'));
            return true;
          }
          if (signIns >= MAX_SIGN_INS_PER_CONNECT) {
            reject(new SignInLimitError(this.serverName, signIns));
            return true;
          }
          signIns += 1;
          // Not from inside this state notification: authenticate() changes the state itself.
          queueMicrotask(() => this.connection.authenticate());
          return false;
        } else if (state === 'disconnected') reject(new SessionClosedError(this.serverName));
        else return false;
        return true;
      };
      const unsubscribe = this.connection.subscribe(() => {
        if (settle()) unsubscribe();
      });
      // Synchronously moves a new, failed or disconnected connection to `connecting`, so `settle` below
      // only finishes early when the connection was ready already.
      this.connection.connect();
      if (settle()) unsubscribe();
    });
  }

  listTools(options?: CallOptions): Promise<Tool[]> {
    return this.#withSignIn(() => this.connection.listTools(options), options);
  }

  /**
   * Calls a tool and resolves with its result. A tool that requires a task (`execution.taskSupport`) runs as
   * one and is followed to its end (`options.task` asks for one where it is optional; `onTaskStatus` hears its
   * status); `onProgress` hears the server's progress; aborting `signal` cancels the call at the server.
   */
  callTool(
    name: string,
    args: Record<string, unknown> = {},
    options?: ToolCallOptions,
  ): Promise<CallToolResult> {
    return this.#withSignIn(() => this.connection.callTool(name, args, options), options);
  }

  /** Starts a tool call as a task and resolves with the task once the server has created it. */
  startToolTask(name: string, args: Record<string, unknown> = {}, options?: ToolCallOptions): Promise<Task> {
    return this.#withSignIn(() => this.connection.startToolTask(name, args, options), options);
  }

  /** This client's tasks at the server (MCP tasks). */
  listTasks(options?: CallOptions): Promise<Task[]> {
    return this.#withSignIn(() => this.connection.listTasks(options), options);
  }

  getTask(taskId: string, options?: CallOptions): Promise<Task> {
    return this.#withSignIn(() => this.connection.getTask(taskId, options), options);
  }

  /** A task's result; the server answers once the task has ended. */
  getTaskResult(taskId: string, options?: CallOptions): Promise<CallToolResult> {
    return this.#withSignIn(() => this.connection.getTaskResult(taskId, options), options);
  }

  cancelTask(taskId: string, options?: CallOptions): Promise<Task> {
    return this.#withSignIn(() => this.connection.cancelTask(taskId, options), options);
  }

  /**
   * Reads a resource now and whenever the server says it changed (`resources/subscribe`), across reconnects,
   * until the returned function is called (which unsubscribes).
   */
  watchResource(
    uri: string,
    listener: ResourceListener,
    options?: WatchResourceOptions,
  ): () => Promise<void> {
    return this.connection.watchResource(uri, listener, options);
  }

  listResources(options?: CallOptions): Promise<Resource[]> {
    return this.#withSignIn(() => this.connection.listResources(options), options);
  }

  listResourceTemplates(options?: CallOptions): Promise<ResourceTemplate[]> {
    return this.#withSignIn(() => this.connection.listResourceTemplates(options), options);
  }

  readResource(uri: string, options?: CallOptions): Promise<ReadResourceResult> {
    return this.#withSignIn(() => this.connection.readResource(uri, options), options);
  }

  listPrompts(options?: CallOptions): Promise<Prompt[]> {
    return this.#withSignIn(() => this.connection.listPrompts(options), options);
  }

  getPrompt(
    name: string,
    args: Record<string, string> = {},
    options?: CallOptions,
  ): Promise<GetPromptResult> {
    return this.#withSignIn(() => this.connection.getPrompt(name, args, options), options);
  }

  /** Closes the connection (a stdio server's process is ended) and stops its timers. Safe to call twice. */
  close(): Promise<void> {
    return this.connection.disconnect();
  }

  /**
   * A request the server refused because the user must sign in (again) — a 403 `insufficient_scope` step-up
   * (MCP authorization, "Step-Up Authorization Flow"), or a 401 the stored tokens cannot answer — leaves the
   * connection waiting in `pending_auth`. The server did not carry the request out, so after one successful
   * sign-in (through `connect()`, shared by concurrent calls) it is sent once more; a second refusal rejects.
   */
  async #withSignIn<T>(request: () => Promise<T>, options: CallOptions | undefined): Promise<T> {
    try {
      return await request();
    } catch (error) {
      const signInAwaits =
        error instanceof McpUseError && error.code === 'auth_required' && this.state === 'pending_auth';
      if (!signInAwaits || options?.signal?.aborted) throw error;
      this.#signingIn ??= this.connect().finally(() => {
        this.#signingIn = undefined;
      });
      await this.#signingIn;
      return request();
    }
  }

  #error(code: 'connection_failed' | 'auth_required', what: string): McpUseError {
    return new McpUseError(code, `Session ${JSON.stringify(this.serverName)} ${what}`, {
      serverName: this.serverName,
    });
  }
}
