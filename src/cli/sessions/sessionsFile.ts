/**
 * `~/.mcp-use/cli-sessions.json`: the CLI's saved sessions (the reference page names this file). It holds
 * secrets — bearer tokens, OAuth tokens, client secrets — and stdio sessions that start commands, so it goes
 * through the secure JSON file helper: mode 0600 in a private folder, never read when someone else planted it,
 * atomic and durable replacement, a lock across processes. Fields this version does not know are kept as they
 * are, and a file that cannot be parsed is never overwritten.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { isAccountName } from '../../auth/accountName';
import type { TokenEndpointAuthMethod } from '../../auth/types';
import { ConfigFileError } from '../../node/errors';
import { readSecureJson, type SecureFileOptions, updateSecureJson } from '../../node/fs/secureJsonFile';
import { SessionsFileError } from '../errors';

export const SESSIONS_FILE_VERSION = 1;

/**
 * OAuth settings of an HTTP session (what `connect`'s flags said; their meaning is the config entry's, see
 * src/node/config/types.ts) and the engine's records for it (tokens, registration, discovery).
 */
export interface OAuthSessionSettings {
  callbackPort: number;
  clientId?: string;
  clientSecret?: string;
  scope?: string;
  /** Enterprise-Managed Authorization: the IdP signed in at (its sign-in is shared by every such session). */
  enterprise?: { issuer: string; clientId: string };
  /** `--account`: which of the user's accounts on the server; absent for the default one. */
  account?: string;
  redirectUri?: string;
  tokenEndpointAuthMethod?: TokenEndpointAuthMethod;
  authorizationParams?: Record<string, string>;
  resource?: false | string;
  trustIssuer?: string;
  clientName?: string;
  useIdToken?: boolean;
  clientMetadataUrl?: string;
  /** The engine's key-value store for this session. */
  store: Record<string, unknown>;
}

interface SessionRecordBase {
  /** Random id: tells this session from a later one saved under the same name. */
  id: string;
  createdAt: string;
}

export interface HttpSessionRecord extends SessionRecordBase {
  transport: 'http';
  url: string;
  headers?: Record<string, string>;
  authToken?: string;
  /** Absent when the session authenticates with a bearer token or an Authorization header. */
  oauth?: OAuthSessionSettings;
}

export interface StdioSessionRecord extends SessionRecordBase {
  transport: 'stdio';
  command: string;
  args: string[];
  env?: Record<string, string>;
  /** The directory `connect` ran in, so relative paths in the command keep working from anywhere. */
  cwd: string;
}

export type SessionRecord = HttpSessionRecord | StdioSessionRecord;

export interface SessionsData {
  version: number;
  active?: string;
  sessions: Record<string, unknown>;
  [field: string]: unknown;
}

export function defaultSessionsPath(): string {
  return join(homedir(), '.mcp-use', 'cli-sessions.json');
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isStringRecord = (value: unknown) =>
  value === undefined || (isObject(value) && Object.values(value).every((item) => typeof item === 'string'));

/** Whether a stored value is a usable session record (checked when it is used, so one bad entry spoils no other). */
export function isSessionRecord(value: unknown): value is SessionRecord {
  if (!isObject(value) || typeof value.id !== 'string') return false;
  if (value.transport === 'http') {
    const oauth = value.oauth;
    return (
      typeof value.url === 'string' &&
      isStringRecord(value.headers) &&
      (value.authToken === undefined || typeof value.authToken === 'string') &&
      (oauth === undefined ||
        (isObject(oauth) &&
          typeof oauth.callbackPort === 'number' &&
          isObject(oauth.store) &&
          (oauth.account === undefined || isAccountName(oauth.account))))
    );
  }
  if (value.transport === 'stdio') {
    return (
      typeof value.command === 'string' &&
      Array.isArray(value.args) &&
      value.args.every((arg) => typeof arg === 'string') &&
      isStringRecord(value.env) &&
      typeof value.cwd === 'string'
    );
  }
  return false;
}

export class SessionsFile {
  readonly path: string;
  readonly #options: SecureFileOptions;

  /** `options.onNotice` hears when the folder or the file was open to other users and has been made private. */
  constructor(path: string = defaultSessionsPath(), options: SecureFileOptions = {}) {
    this.path = path;
    this.#options = options;
  }

  /** The saved sessions; an empty set when the file does not exist yet. */
  read(): SessionsData {
    return this.#parse(this.#readRaw());
  }

  /**
   * Changes the file under its lock: `edit` gets the current content and returns false to leave it as it is.
   * A file that cannot be read is not touched (the error says how to recover).
   */
  async update(edit: (data: SessionsData) => boolean | undefined): Promise<void> {
    try {
      await updateSecureJson(
        this.path,
        (raw) => {
          const data = this.#parse(raw);
          return edit(data) === false ? undefined : data;
        },
        this.#options,
      );
    } catch (error) {
      throw this.#translate(error);
    }
  }

  #readRaw(): unknown {
    try {
      return readSecureJson(this.path, this.#options);
    } catch (error) {
      throw this.#translate(error);
    }
  }

  #parse(raw: unknown): SessionsData {
    if (raw === undefined) return { version: SESSIONS_FILE_VERSION, sessions: {} };
    if (!isObject(raw) || (raw.sessions !== undefined && !isObject(raw.sessions))) {
      throw this.#corrupt('does not hold an object with "sessions"');
    }
    if (typeof raw.version === 'number' && raw.version > SESSIONS_FILE_VERSION) {
      throw new SessionsFileError(
        `${this.path} was written by a newer mcp-use (format ${raw.version}); upgrade mcp-use to use it`,
        this.path,
      );
    }
    return {
      ...raw,
      version: SESSIONS_FILE_VERSION,
      sessions: (raw.sessions as Record<string, unknown> | undefined) ?? {},
    } as SessionsData;
  }

  #corrupt(problem: string): SessionsFileError {
    return new SessionsFileError(
      `${this.path} ${problem}; fix it, or move it aside to start over (mv ${this.path} ${this.path}.bak) — it was left unchanged`,
      this.path,
    );
  }

  #translate(error: unknown): unknown {
    if (!(error instanceof ConfigFileError)) return error;
    const code = (error.cause as { code?: unknown } | undefined)?.code;
    if (error.message.startsWith('Could not read') && typeof code === 'string') {
      return this.#corrupt(`cannot be read (${code})`);
    }
    // "<path> is not valid JSON (line 3, column 5)" → the same, with the way out.
    if (error.message.includes('is not valid JSON')) {
      return this.#corrupt(error.message.slice(error.message.indexOf('is not valid JSON')));
    }
    return error; // a lock held by another process, a failed write: the message already says what to do
  }
}
