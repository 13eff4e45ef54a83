import type {
  ClientCapabilities,
  CreateMessageRequestParams,
  CreateMessageResult,
  CreateMessageResultWithTools,
  ElicitRequest,
  ElicitResult,
  FetchLike,
  Implementation,
  Progress,
  Prompt,
  ReadResourceResult,
  Resource,
  ResourceTemplateType,
  Root,
  ServerCapabilities,
  Task,
  Tool,
  Transport,
} from '@modelcontextprotocol/client';
import type { ConnectionAuth } from './connectionAuth';
import type { McpUseError } from './errors';
import type { RetryOption } from './retryPolicy';

export type {
  AudioContent,
  CallToolResult,
  ContentBlock,
  CreateMessageRequestParams,
  CreateMessageResult,
  CreateMessageResultWithTools,
  ElicitRequestFormParams,
  ElicitRequestURLParams,
  ElicitResult,
  EmbeddedResource,
  GetPromptResult,
  ImageContent,
  Implementation,
  Progress,
  Prompt,
  ReadResourceResult,
  Resource,
  ResourceLink,
  Root,
  ServerCapabilities,
  Task,
  TaskStatus,
  TextContent,
  Tool,
} from '@modelcontextprotocol/client';
export type ResourceTemplate = ResourceTemplateType;
export type { ConnectionAuth, ConnectionAuthContext, SignInRequired } from './connectionAuth';
export type { McpEvent, McpEventFieldMap, McpEventListener, McpEventType } from './events';

/** Options every request takes. */
export interface CallOptions {
  /** Aborting it cancels the request at the server (`notifications/cancelled`, or `tasks/cancel` for a task). */
  signal?: AbortSignal;
  /** Overrides the connection's `requestTimeoutMs` for this call (for a task: for each of its requests). */
  timeoutMs?: number;
}

/** What `callTool` takes besides the arguments. */
export interface ToolCallOptions extends CallOptions {
  /**
   * Progress the server reports while the call runs (MCP progress notifications). Each report also restarts the
   * timeout, so a call that keeps reporting progress is not cut off.
   */
  onProgress?: (progress: Progress) => void;
  /**
   * Run the call as a task (MCP tasks, protocol 2025-11-25): a tool whose `execution.taskSupport` is `required`
   * always runs as one, an `optional` one only when this is set, and `false` never asks for one. `ttlMs` asks the
   * server to keep the task (and its result) that long.
   */
  task?: boolean | { ttlMs?: number };
  /** The task's status whenever it changes, while a call that runs as a task is followed. */
  onTaskStatus?: (task: Task) => void;
}

/** What a resource watch takes besides its listener. */
export interface WatchResourceOptions {
  /** A failed subscribe or re-read (the watch stays registered and tries again after a reconnect). */
  onError?: (error: McpUseError) => void;
}

export type ResourceListener = (result: ReadResourceResult) => void;

/** What comes with a request for input from the user (elicitation). */
export interface ElicitationContext {
  /**
   * URL mode only: settles when the server reports the interaction finished (`notifications/elicitation/complete`).
   * Servers need not send it, so it may never settle; it never rejects.
   */
  completed?: Promise<void>;
  /**
   * True when the server refused a tool call until this URL interaction is done (error -32042): the call is sent
   * once more when every such request is answered `accept`, so resolve once the user has finished.
   */
  retry: boolean;
}

/**
 * `connecting → ready`; `connecting → pending_auth → authenticating → connecting` for OAuth;
 * any state → `failed` after bounded retries; `disconnect()` → `disconnected`; `retry()` → `connecting`.
 */
export type ConnectionState =
  | 'connecting'
  | 'pending_auth'
  | 'authenticating'
  | 'ready'
  | 'failed'
  | 'disconnected';

/** `auto` tries Streamable HTTP and falls back to the old HTTP+SSE transport for SSE-only servers. */
export type TransportType = 'auto' | 'http' | 'sse';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface LogEntry {
  level: LogLevel;
  message: string;
  time: number;
}

/** The negotiated protocol era: `modern` is 2026-07-28 and later, `legacy` the 2025 `initialize` handshake. */
export type ProtocolEra = 'modern' | 'legacy';

export interface ConnectionSnapshot {
  readonly state: ConnectionState;
  /** Set in `failed` (why it failed) and in `pending_auth` after a failed sign-in attempt. */
  readonly error: McpUseError | undefined;
  readonly tools: readonly Tool[];
  readonly resources: readonly Resource[];
  readonly resourceTemplates: readonly ResourceTemplate[];
  readonly prompts: readonly Prompt[];
  readonly serverInfo: Implementation | undefined;
  readonly capabilities: ServerCapabilities | undefined;
  readonly protocolVersion: string | undefined;
  readonly era: ProtocolEra | undefined;
  /** The transport in use once connected. */
  readonly transport: 'http' | 'sse' | 'stdio' | undefined;
  /** The prepared authorization URL while in `pending_auth`, for a plain-link fallback. */
  readonly authUrl: string | undefined;
  /** Log entries, collected only when `debug` is on (`onLog` always receives them). */
  readonly log: readonly LogEntry[];
}

export interface ConnectionOptions {
  /** MCP server URL (Streamable HTTP endpoint, or the SSE endpoint for SSE-only servers). */
  url?: string;
  /** Extra HTTP headers sent with every request, e.g. `{ Authorization: 'Bearer …' }`. */
  headers?: Record<string, string>;
  clientInfo?: Implementation;
  /** Shorthand for `clientInfo.name`. */
  clientName?: string;
  transportType?: TransportType;
  /** Reconnect after a ready connection is lost. Default: on (3 attempts, 1 s doubling to 10 s). */
  autoReconnect?: RetryOption;
  /** Retry a failed initial connection. Default: off. */
  autoRetry?: RetryOption;
  /** Default timeout of each request, in milliseconds. Default 60 000. */
  requestTimeoutMs?: number;
  /**
   * How often to check a ready connection that neither holds a stream nor re-lists (`listChanged: false`), in
   * milliseconds (0 turns it off). Default 30 000. A dropped stream, or a failed re-list, is noticed without this.
   */
  healthCheckIntervalMs?: number;
  /**
   * Keep `tools`, `resources` and `prompts` current as the server changes them. Default true. Updates arrive on a
   * long-lived stream when the origin has a stream slot free (see `maxStreamsPerOrigin`), otherwise by re-listing
   * every `pollIntervalMs` and when the page regains focus.
   */
  listChanged?: boolean;
  /**
   * The lists to load when connecting (and to keep current): any of `tools`, `resources`, `resourceTemplates`,
   * `prompts`. Default all four; a list left out stays empty and costs no request (a script that only calls a
   * tool needs `['tools']`).
   */
  lists?: readonly ('tools' | 'resources' | 'resourceTemplates' | 'prompts')[];
  /**
   * How many long-lived streams all connections to one origin may hold together. Browsers allow six HTTP/1.1
   * connections per origin, and a stream holds one for as long as it is open; the rest are needed for requests.
   * Default 2 in a browser, unlimited elsewhere. Servers that only speak HTTP+SSE always hold their stream.
   */
  maxStreamsPerOrigin?: number;
  /** Re-listing interval for connections without a stream, in milliseconds. Default 30 000. */
  pollIntervalMs?: number;
  /** Collect log entries in the snapshot. */
  debug?: boolean;
  /** Receives every log entry. Never receives tokens or other secrets. */
  onLog?: (entry: LogEntry) => void;
  /** The fetch to use (defaults to the global one). */
  fetch?: FetchLike;
  /**
   * A transport of your own (stdio in Node); replaces `url`/`transportType`. Called once per connection attempt;
   * it may resolve the transport asynchronously (e.g. after loading the module that makes it).
   */
  createTransport?: () => Transport | Promise<Transport>;
  /** A label for errors and logs (the server's name in a config file). */
  serverName?: string;
  /** Authentication plug-in (OAuth). */
  auth?: ConnectionAuth;
  /**
   * Answers the server's requests for input from the user (elicitation; in 2026-07-28 they arrive inside
   * `input_required` results and are answered within the call): forms (`mode` absent or `form`) and URLs to
   * open (`mode: 'url'`; answer `accept` once the user agreed to go there). Declaring it advertises the
   * `elicitation` capability with both modes; defaults from the requested schema fill in fields the answer
   * leaves out.
   */
  onElicitation?: (request: ElicitRequest['params'], context: ElicitationContext) => Promise<ElicitResult>;
  /**
   * Answers the server's requests for a model completion (`sampling/createMessage`, protocol 2025). Declaring it
   * advertises the `sampling` capability.
   */
  onSampling?: (
    request: CreateMessageRequestParams,
  ) => Promise<CreateMessageResult | CreateMessageResultWithTools>;
  /** The roots (directories, `file://` URIs) offered to the server on `roots/list`; none advertises no roots. */
  roots?: Root[];
  /**
   * Protocol extensions this client supports, declared as `capabilities.extensions` (SEP-1724): in `initialize` on
   * 2025 connections, in every request's `_meta` client capabilities on 2026-07-28 ones. None by default.
   */
  extensions?: ClientCapabilities['extensions'];
  /**
   * When the server needs OAuth and no token can be had silently, stop in `pending_auth` with `authUrl` ready and
   * wait for `authenticate()` (from a click, so popup blockers stay quiet). Default true; false starts sign-in at once.
   */
  preventAutoAuth?: boolean;
}
