import { ConfigError, InvalidUrlError, McpUseError, type McpUseErrorDetails } from '../core/errors';

/** The codes of the Node client: its configuration, and its loopback sign-in (oauth/errors.ts). */
export const NodeErrorCode = {
  configNotFound: 'config_not_found',
  missingEnvVar: 'missing_env_var',
  unknownServer: 'unknown_server',
  /** CallbackPortInUseError: nothing can listen on the loopback callback port. */
  authPortInUse: 'auth_port_in_use',
  /** SignInTimeoutError: the same code as the browser's popup timeout, for the same event. */
  authTimeout: 'auth_timeout',
  /** InsecureStorageError: the folder or file that would hold secrets is not safely ours. */
  insecureStorage: 'insecure_storage',
  /** LockTimeoutError: another process (or instance) held a token store's lock for longer than the wait. */
  lockTimeout: 'lock_timeout',
  /** LockLostError: this holder's lease ran out (it was paused or hung) and another may have taken the lock. */
  lockLost: 'lock_lost',
  /** TokenStoreError: a stored record cannot be read (encrypted with another key, altered, unknown format). */
  tokenStoreUnreadable: 'token_store_unreadable',
  /** DeviceAccessDeniedError: the user refused the device sign-in (RFC 8628 §3.5 `access_denied`). */
  authDeviceDenied: 'auth_device_denied',
  /** DeviceCodeExpiredError: nobody approved the device sign-in before its code expired (`expired_token`). */
  authDeviceExpired: 'auth_device_expired',
  /** GrantNotSupportedError: the authorization server does not offer the grant the configuration asks for. */
  authGrantUnsupported: 'auth_grant_unsupported',
  /** PrivateKeyError: the private_key_jwt key file cannot be read or is not a signing key. */
  authPrivateKey: 'auth_private_key',
} as const;
export type NodeErrorCode = (typeof NodeErrorCode)[keyof typeof NodeErrorCode];

declare module '../core/errors' {
  interface McpUseErrorCodes extends Record<NodeErrorCode, true> {}
}

/**
 * The configuration file does not exist (or a directory on its path does not). `path` is the absolute path
 * that was tried, after resolving a relative one against the working directory.
 */
export class ConfigNotFoundError extends McpUseError {
  readonly path: string;
  constructor(path: string, details: McpUseErrorDetails = {}) {
    super('config_not_found', `MCP config file not found: ${path}`, details);
    this.path = path;
  }
}

/**
 * The configuration file exists but could not be read or is not valid JSON. The message gives the path and,
 * when the parser reports one, the line and column; it never quotes the file, which may hold secrets.
 */
export class ConfigFileError extends ConfigError {
  readonly path: string;
  constructor(message: string, path: string, details: McpUseErrorDetails = {}) {
    super(message, details);
    this.path = path;
  }
}

/**
 * A `${VAR}` reference in the configuration names an environment variable that is not set. The message names
 * the variable and the field (`mcpServers.<name>.<field>`), never a value.
 */
export class MissingEnvVarError extends McpUseError {
  readonly variable: string;
  readonly field: string;
  constructor(variable: string, field: string, details: McpUseErrorDetails = {}) {
    super('missing_env_var', `${field} references \${${variable}}, which is not set`, details);
    this.variable = variable;
    this.field = field;
  }
}

/** A session was asked for a server name the configuration does not have; `knownServers` lists the ones it has. */
export class UnknownServerError extends McpUseError {
  readonly knownServers: readonly string[];
  constructor(serverName: string, knownServers: readonly string[]) {
    const known =
      knownServers.length > 0 ? knownServers.map((name) => JSON.stringify(name)).join(', ') : 'none';
    super(
      'unknown_server',
      `No MCP server named ${JSON.stringify(serverName)} in the configuration (known: ${known})`,
      {
        serverName,
      },
    );
    this.knownServers = [...knownServers];
  }
}

/**
 * A server entry's `url` is not an absolute http(s) URL. Still an `InvalidUrlError` (code `invalid_url`), with
 * the field it came from. For a URL built from `${VAR}` references, the message shows the reference text rather
 * than the resolved value, so nothing read from the environment ends up in a message.
 */
export class InvalidServerUrlError extends InvalidUrlError {
  readonly field: string;
  constructor(field: string, shownUrl: string, details: McpUseErrorDetails = {}) {
    super(shownUrl, details);
    this.message = `${field}: ${this.message}`;
    this.field = field;
  }
}

/** The session was closed (closeSession, closeAllSessions or session.close) before its connection was ready. */
export class SessionClosedError extends McpUseError {
  constructor(serverName: string) {
    super('aborted', `Session ${JSON.stringify(serverName)} was closed before it was ready`, { serverName });
  }
}

/**
 * The server asked for another OAuth sign-in after MAX_SIGN_INS_PER_CONNECT successful ones in a single
 * `connect()`: something keeps refusing the tokens it just issued, so the client stops instead of looping.
 */
export class SignInLimitError extends McpUseError {
  readonly signIns: number;
  constructor(serverName: string, signIns: number) {
    super(
      'auth_required',
      `Session ${JSON.stringify(serverName)} still requires sign-in after ${signIns} successful sign-ins; giving up`,
      { serverName },
    );
    this.signIns = signIns;
  }
}

/** What is wrong with a folder or file that would hold secrets (InsecureStorageError.problem). */
export type StorageProblem = 'symlink' | 'not_folder' | 'not_file' | 'other_owner' | 'shared_folder';

/**
 * The folder or file where sessions, tokens or history are kept cannot be trusted: it is a symbolic link, not a
 * folder (or not a file), belongs to another user, or is a folder anyone may write to. Whoever can write there
 * could plant a session that runs a command or send tokens elsewhere, so nothing is read from it or written to
 * it. The message names the path, what is wrong and how to fix it.
 */
export class InsecureStorageError extends McpUseError {
  readonly path: string;
  readonly problem: StorageProblem;
  constructor(path: string, problem: StorageProblem, message: string) {
    super('insecure_storage', message);
    this.path = path;
    this.problem = problem;
  }
}

/**
 * A token store's lock (a lock file beside the store, or a Redis lease) stayed taken for longer than the bounded
 * wait: another process or instance holds it and does not finish. Nothing was refreshed and nothing deleted.
 */
export class LockTimeoutError extends McpUseError {
  readonly lockName: string;
  readonly timeoutMs: number;
  constructor(lockName: string, timeoutMs: number, where: string, details: McpUseErrorDetails = {}) {
    super(
      'lock_timeout',
      `Waited ${Math.round(timeoutMs / 1000)} s for the lock ${lockName}, held by ${where}; try again, or end that process`,
      details,
    );
    this.lockName = lockName;
    this.timeoutMs = timeoutMs;
  }
}

/**
 * This holder's lease on a token store's lock ran out before it finished (the process was paused or its event
 * loop blocked), so another may hold the lock now: the write was refused, so that an older token never replaces
 * a newer one.
 */
export class LockLostError extends McpUseError {
  readonly lockName: string;
  constructor(lockName: string, details: McpUseErrorDetails = {}) {
    super(
      'lock_lost',
      `The lock ${lockName} was lost before the work under it finished (its lease ran out); nothing was written`,
      details,
    );
    this.lockName = lockName;
  }
}

/**
 * A record in a shared token store cannot be read: it was encrypted with another key (or the store was given
 * none, or was given one and the record is not encrypted), altered, or written in a format this version does not
 * know. Nothing is overwritten; the message says which.
 */
export class TokenStoreError extends McpUseError {
  constructor(message: string, details: McpUseErrorDetails = {}) {
    super('token_store_unreadable', message, details);
  }
}
