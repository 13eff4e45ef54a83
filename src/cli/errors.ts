import { CommanderError } from 'commander';
import { McpUseError, type McpUseErrorDetails } from '../core/errors';

/** Exit statuses, documented in docs/cli.md. */
export const ExitCode = {
  ok: 0,
  /** The work failed: the server refused or failed the call, a tool reported `isError`, sign-in failed… */
  failure: 1,
  /** The command line was wrong: bad JSON arguments, unknown tool/session/option, missing argument. */
  usage: 2,
  /** Ctrl-C cancelled the work (128 + SIGINT, as shells report a process that SIGINT ended). */
  cancelled: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** The CLI's own code; its other errors carry the codes of the layers it calls. */
export const CliErrorCode = {
  /** UsageError: exits with status 2. */
  invalidArgument: 'invalid_argument',
} as const;
export type CliErrorCode = (typeof CliErrorCode)[keyof typeof CliErrorCode];

declare module '../core/errors' {
  interface McpUseErrorCodes extends Record<CliErrorCode, true> {}
}

/** Something the user typed is wrong; the message says what and, where it helps, how to find the right value. */
export class UsageError extends McpUseError {
  constructor(message: string, details: McpUseErrorDetails = {}) {
    super('invalid_argument', message, details);
  }
}

/** Ctrl-C cancelled a call; the server was told to stop it. Exits 130. */
export class CancelledError extends McpUseError {
  constructor(message: string, details: McpUseErrorDetails = {}) {
    super('aborted', message, details);
  }
}

/**
 * `~/.mcp-use/cli-sessions.json` cannot be used (unreadable, not JSON, not the expected shape). The message
 * names the file and a way out; the file is never rewritten while it is in this state, so nothing is lost.
 */
export class SessionsFileError extends McpUseError {
  readonly path: string;
  constructor(message: string, path: string, details: McpUseErrorDetails = {}) {
    super('invalid_config', message, details);
    this.path = path;
  }
}

/**
 * A command that runs with nobody at the terminal (a script, CI) needs a sign-in: it does not wait for one it
 * cannot get, it says which session and the command that signs in, and exits 1. Its code is the engine's
 * `auth_required`; `reason` says why (e.g. `refresh_failed`: the authorization server refused the saved sign-in).
 */
export class SessionSignedOutError extends McpUseError {
  readonly reason: string;
  constructor(message: string, reason: string, details: McpUseErrorDetails = {}) {
    super('auth_required', message, details);
    this.reason = reason;
  }
}

/**
 * Usage errors exit 2 (commander's own included, help excepted), cancelled work 130; everything else that failed
 * exits 1.
 */
export function exitCodeFor(error: unknown): ExitCode {
  if (error instanceof CommanderError) {
    return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
  }
  if (
    error instanceof McpUseError &&
    (error.code === 'invalid_argument' || error.code === 'unknown_server')
  ) {
    return ExitCode.usage;
  }
  if (error instanceof CancelledError) return ExitCode.cancelled;
  return ExitCode.failure;
}
