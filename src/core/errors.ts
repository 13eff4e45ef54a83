/**
 * Every error this package throws or puts in a connection's state is an McpUseError with a machine-readable
 * `code`, so callers branch on `instanceof` or `code` and never on message text.
 */

import { redactUrlsIn } from './redactUrl';

/**
 * The codes the connection core produces. Each layer above declares its own table beside its errors (auth,
 * browser, node, cli) and adds it to McpUseErrorCodes, so `McpUseErrorCode` is the precise union of them all.
 */
export const CoreErrorCode = {
  invalidUrl: 'invalid_url',
  /** ConfigError, declared here and thrown for the Node client's configuration and the CLI's sessions file. */
  invalidConfig: 'invalid_config',
  unauthorized: 'unauthorized',
  forbidden: 'forbidden',
  httpError: 'http_error',
  connectionFailed: 'connection_failed',
  connectionLost: 'connection_lost',
  retriesExhausted: 'retries_exhausted',
  /** A stdio server's command does not exist or cannot be executed. */
  spawnFailed: 'spawn_failed',
  notConnected: 'not_connected',
  timeout: 'timeout',
  aborted: 'aborted',
  serverError: 'server_error',
  /** TaskFailedError: a task ended `failed` or `cancelled` without a result to give. */
  taskFailed: 'task_failed',
  /** TaskUnsupportedError: a task was asked of a tool or server that does not run tools as tasks. */
  taskUnsupported: 'task_unsupported',
  /**
   * The ConnectionAuth seam's signal: an auth plug-in rejects with this code when the user must sign in, and the
   * connection enters `pending_auth`. Core defines it because core acts on it.
   */
  authRequired: 'auth_required',
} as const;
export type CoreErrorCode = (typeof CoreErrorCode)[keyof typeof CoreErrorCode];

/**
 * Every error code, as the keys of an interface that each layer augments from its errors file:
 *
 * ```ts
 * declare module '../core/errors' {
 *   interface McpUseErrorCodes extends Record<AuthErrorCode, true> {}
 * }
 * ```
 *
 * Core stays free of the layers above, and callers still get one exact union (`error.code === 'auth_timeout'`
 * type-checks, a misspelt code does not).
 */
export interface McpUseErrorCodes extends Record<CoreErrorCode, true> {}

export type McpUseErrorCode = keyof McpUseErrorCodes;

export interface McpUseErrorDetails {
  /** The server's configured name (Node client) when known. */
  serverName?: string;
  /** The MCP server URL (or stdio command) the error concerns. */
  serverUrl?: string;
  /** HTTP status of the response that caused the error, when there was one. */
  status?: number;
  cause?: unknown;
}

export class McpUseError extends Error {
  readonly code: McpUseErrorCode;
  readonly serverName?: string;
  /** The URL as configured (a program may compare it); the message shows it with its credentials masked. */
  readonly serverUrl?: string;
  readonly status?: number;

  constructor(code: McpUseErrorCode, message: string, details: McpUseErrorDetails = {}) {
    // Messages end up in front of people on every surface (React state, Node logs, the CLI), and many quote
    // text from elsewhere — the SDK's, fetch's, an authorization server's — that may hold the server URL with
    // its `?api_key=` or `user:pass@`. Masking here, where every error of every layer is built, is the one place
    // that cannot be forgotten (redactUrl.ts).
    super(redactUrlsIn(message), details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.code = code;
    if (details.serverName !== undefined) this.serverName = details.serverName;
    if (details.serverUrl !== undefined) this.serverUrl = details.serverUrl;
    if (details.status !== undefined) this.status = details.status;
  }
}

/** The URL given for a server is not a usable http(s) URL. */
export class InvalidUrlError extends McpUseError {
  constructor(url: unknown, details: McpUseErrorDetails = {}) {
    super(
      'invalid_url',
      `Invalid MCP server URL: ${JSON.stringify(url)} (expected an absolute http: or https: URL)`,
      {
        ...details,
      },
    );
  }
}

/** The server answered 401 and no way to authenticate was configured (or the credentials were refused). */
export class UnauthorizedError extends McpUseError {
  constructor(message: string, details: McpUseErrorDetails = {}) {
    super('unauthorized', message, { status: 401, ...details });
  }
}

/** The server answered 403. */
export class ForbiddenError extends McpUseError {
  constructor(message: string, details: McpUseErrorDetails = {}) {
    super('forbidden', message, { status: 403, ...details });
  }
}

/** The server answered with an HTTP error that is not about authentication. */
export class HttpError extends McpUseError {
  constructor(message: string, details: McpUseErrorDetails & { status: number }) {
    super('http_error', message, details);
  }
}

/** The server could not be reached or the handshake failed. */
export class ConnectionError extends McpUseError {
  constructor(message: string, details: McpUseErrorDetails = {}) {
    super('connection_failed', message, details);
  }
}

/** A connection that was ready went away (server stopped, network dropped). */
export class ConnectionLostError extends McpUseError {
  constructor(message: string, details: McpUseErrorDetails = {}) {
    super('connection_lost', message, details);
  }
}

/** Bounded reconnect or retry attempts all failed; `cause` holds the last attempt's error. */
export class RetriesExhaustedError extends McpUseError {
  readonly attempts: number;
  constructor(attempts: number, details: McpUseErrorDetails = {}) {
    super('retries_exhausted', `Gave up after ${attempts} attempt${attempts === 1 ? '' : 's'}`, details);
    this.attempts = attempts;
  }
}

/** A call was made while the connection is not ready. */
export class NotConnectedError extends McpUseError {
  constructor(state: string, details: McpUseErrorDetails = {}) {
    super('not_connected', `Not connected (state: ${state})`, details);
  }
}

/** A request exceeded its timeout. */
export class TimeoutError extends McpUseError {
  constructor(message: string, details: McpUseErrorDetails = {}) {
    super('timeout', message, details);
  }
}

/** A request was cancelled through its AbortSignal. */
export class AbortError extends McpUseError {
  constructor(details: McpUseErrorDetails = {}) {
    super('aborted', 'The request was aborted', details);
  }
}

/** The server answered a request with a JSON-RPC error. `rpcCode` is the JSON-RPC error code. */
export class ServerError extends McpUseError {
  readonly rpcCode?: number;
  constructor(message: string, details: McpUseErrorDetails & { rpcCode?: number } = {}) {
    super('server_error', message, details);
    if (details.rpcCode !== undefined) this.rpcCode = details.rpcCode;
  }
}

/** Configuration (file or object) is invalid; the message names the server and field. */
export class ConfigError extends McpUseError {
  readonly field?: string;
  constructor(message: string, details: McpUseErrorDetails & { field?: string } = {}) {
    super('invalid_config', message, details);
    if (details.field !== undefined) this.field = details.field;
  }
}

/**
 * A tool call that ran as a task (MCP tasks) ended `failed`, or was cancelled by someone other than the caller,
 * and the server had no result to give for it. `statusMessage` is the server's own word on it.
 */
export class TaskFailedError extends McpUseError {
  readonly taskId: string;
  readonly taskStatus: 'failed' | 'cancelled';
  readonly statusMessage?: string;
  constructor(
    task: { taskId: string; status: 'failed' | 'cancelled'; statusMessage?: string },
    details: McpUseErrorDetails = {},
  ) {
    super(
      'task_failed',
      `Task ${task.taskId} ${task.status === 'failed' ? 'failed' : 'was cancelled'}${task.statusMessage ? `: ${task.statusMessage}` : ''}`,
      details,
    );
    this.taskId = task.taskId;
    this.taskStatus = task.status;
    if (task.statusMessage !== undefined) this.statusMessage = task.statusMessage;
  }
}

/**
 * A task was asked for where none can run: the tool's `execution.taskSupport` is `forbidden` (or absent), or the
 * server does not offer tasks for tool calls (`capabilities.tasks.requests.tools.call`).
 */
export class TaskUnsupportedError extends McpUseError {
  constructor(toolName: string, details: McpUseErrorDetails = {}) {
    super('task_unsupported', `${toolName} does not run as a task on this server`, details);
  }
}
