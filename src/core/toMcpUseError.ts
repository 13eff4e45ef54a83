import {
  ProtocolError,
  SdkError,
  SdkErrorCode,
  SdkHttpError,
  SseError,
  UnauthorizedError as SdkUnauthorizedError,
} from '@modelcontextprotocol/client';
import {
  AbortError,
  ConnectionError,
  ConnectionLostError,
  ForbiddenError,
  HttpError,
  McpUseError,
  type McpUseErrorDetails,
  ServerError,
  TimeoutError,
  UnauthorizedError,
} from './errors';
import { redactUrl } from './redactUrl';

/** Who an error is about, and how to word what went wrong: what every error a connection builds carries. */
export type ErrorContext = Omit<McpUseErrorDetails, 'cause' | 'status'> & {
  /** What went wrong below HTTP, from the platform (see ConnectionEnvironment.describeNetworkFailure). */
  describeNetworkFailure?: ((error: unknown) => string | undefined) | undefined;
};

const PROTOCOL_REFUSALS = new Set<SdkErrorCode>([
  SdkErrorCode.MethodNotSupportedByProtocolVersion,
  SdkErrorCode.CapabilityNotSupported,
  SdkErrorCode.InvalidResult,
  SdkErrorCode.UnsupportedResultType,
  SdkErrorCode.InputRequiredRoundsExceeded,
  SdkErrorCode.ListPaginationExceeded,
]);

/**
 * How a message names the server. Its URL is shown with credentials masked: this label is in the message of
 * every error the connection produces, on every surface (React, Node, CLI), and a key in a URL must not end up in
 * any of them.
 */
export function where(context: ErrorContext): string {
  const url = context.serverUrl === undefined ? undefined : redactUrl(context.serverUrl);
  // A stdio server has a name but no URL: say `"name"`, not `"name" (undefined)`.
  if (!context.serverName) return url ?? 'the server';
  return url ? `"${context.serverName}" (${url})` : `"${context.serverName}"`;
}

function fromHttpStatus(status: number, cause: unknown, context: ErrorContext): McpUseError {
  const details = { ...context, status, cause };
  if (status === 401) return new UnauthorizedError(`${where(context)} answered 401 Unauthorized`, details);
  if (status === 403) return new ForbiddenError(`${where(context)} answered 403 Forbidden`, details);
  return new HttpError(`${where(context)} answered HTTP ${status}`, details);
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

/**
 * Translates whatever the SDK, fetch or a transport threw into one of our typed errors, keeping the original
 * as `cause`. `phase` decides what an unrecognised failure means: during the handshake it is a failed
 * connection, afterwards a lost one.
 */
export function toMcpUseError(
  error: unknown,
  context: ErrorContext,
  phase: 'connect' | 'request' = 'connect',
): McpUseError {
  if (error instanceof McpUseError) return error;
  // A fetch that explains its own failure (a CORS block, the app's proxy refusing) throws what the SDK expects of
  // a failed fetch — a TypeError, which its version probe in a browser reads as a legacy server — caused by ours.
  if (error instanceof TypeError && error.cause instanceof McpUseError) return error.cause;
  if (error instanceof SdkUnauthorizedError) return fromHttpStatus(401, error, context);
  if (error instanceof SdkHttpError) return fromHttpStatus(error.status, error, context);
  if (error instanceof SseError && typeof error.code === 'number' && error.code >= 400) {
    return fromHttpStatus(error.code, error, context);
  }
  if (error instanceof SdkError) {
    if (error.code === SdkErrorCode.RequestTimeout) {
      return new TimeoutError(`Request to ${where(context)} timed out`, { ...context, cause: error });
    }
    if (error.code === SdkErrorCode.ConnectionClosed || error.code === SdkErrorCode.NotConnected) {
      return new ConnectionLostError(`Connection to ${where(context)} closed`, { ...context, cause: error });
    }
    // The protocol refusing something (a method this era lacks, a missing capability, a bad result): the
    // connection itself is fine.
    if (PROTOCOL_REFUSALS.has(error.code)) {
      return new ServerError(`${where(context)}: ${error.message}`, { ...context, cause: error });
    }
  }
  if (error instanceof ProtocolError) {
    return new ServerError(`${where(context)} returned an error: ${error.message}`, {
      ...context,
      rpcCode: error.code,
      cause: error,
    });
  }
  if (isAbort(error)) return new AbortError({ ...context, cause: error });
  const reason =
    context.describeNetworkFailure?.(error) ?? (error instanceof Error ? error.message : String(error));
  if (phase === 'request') {
    return new ConnectionLostError(`Lost connection to ${where(context)}: ${reason}`, {
      ...context,
      cause: error,
    });
  }
  return new ConnectionError(`Could not connect to ${where(context)}: ${reason}`, {
    ...context,
    cause: error,
  });
}

/** Whether retrying the same connection attempt could possibly help. */
export function isRetryable(error: McpUseError): boolean {
  switch (error.code) {
    case 'timeout':
    case 'connection_failed':
    case 'connection_lost':
    case 'server_error':
      return true;
    case 'http_error':
      return error.status === undefined || error.status >= 500 || error.status === 429;
    default:
      // Bad input, refused credentials, sign-in problems: trying the same thing again cannot help.
      return false;
  }
}
