import { ConfigError } from '../../core/errors';
import { entryIssueError, fieldPath, firstIssue, issuePosition } from './entryIssue';
import { describeValue, isPlainObject } from './fieldSchemas';
import {
  HTTP_FIELDS,
  httpServerEntry,
  OAUTH_FIELDS,
  STDIO_FIELDS,
  stdioServerEntry,
} from './serverEntrySchema';
import type { ServerDefinition } from './types';

/** Receives notes about the configuration that are worth a debug line but not an error (e.g. unknown fields). */
export type ConfigNote = (message: string, serverName: string) => void;

type PlainObject = Record<string, unknown>;

/** Unknown fields are ignored, each with a note, so that a typo such as `authtoken` shows up in the log. */
function noteUnknown(object: PlainObject, known: readonly string[], noteKey: (key: string) => void): void {
  for (const key of Object.keys(object)) if (!known.includes(key)) noteKey(key);
}

function validateHttpEntry(name: string, entry: PlainObject, note?: ConfigNote): ServerDefinition {
  const parsed = httpServerEntry.safeParse(entry);
  const problem = parsed.success ? undefined : firstIssue(parsed.error.issues, HTTP_FIELDS);
  // The settings inside `auth` are read once every field up to `auth` has passed; only then are unknown ones noted.
  const readAuth = problem === undefined || issuePosition(problem, HTTP_FIELDS) > HTTP_FIELDS.indexOf('auth');
  if (note && readAuth && isPlainObject(entry.auth)) {
    noteUnknown(entry.auth, OAUTH_FIELDS, (key) =>
      note(`${fieldPath(name, `auth.${key}`)} is not a known OAuth setting; ignoring it`, name),
    );
  }
  if (!parsed.success) throw entryIssueError(problem!, name);
  return Object.freeze({ name, kind: 'http', entry: Object.freeze(parsed.data) });
}

function validateStdioEntry(name: string, entry: PlainObject): ServerDefinition {
  const parsed = stdioServerEntry.safeParse(entry);
  if (!parsed.success) throw entryIssueError(firstIssue(parsed.error.issues, STDIO_FIELDS), name);
  return Object.freeze({ name, kind: 'stdio', entry: Object.freeze(parsed.data) });
}

function validateEntry(name: string, entry: unknown, note?: ConfigNote): ServerDefinition {
  const field = fieldPath(name);
  if (name.trim() === '') throw new ConfigError('mcpServers has an entry with an empty name', { field });
  const problem = (message: string) => new ConfigError(message, { serverName: name, field });
  if (!isPlainObject(entry)) throw problem(`${field} must be an object, not ${describeValue(entry)}`);
  const isHttp = entry.url !== undefined;
  if (isHttp && entry.command !== undefined) {
    throw problem(
      `${field} has both "url" and "command"; an entry is either an HTTP server (url) or a stdio server (command)`,
    );
  }
  if (!isHttp && entry.command === undefined) {
    throw problem(`${field} has neither "url" (HTTP server) nor "command" (stdio server)`);
  }
  if (note) {
    noteUnknown(entry, isHttp ? HTTP_FIELDS : STDIO_FIELDS, (key) =>
      note(`${fieldPath(name, key)} is not a known field for this kind of server; ignoring it`, name),
    );
  }
  return isHttp ? validateHttpEntry(name, entry, note) : validateStdioEntry(name, entry);
}

/**
 * Checks the shape of a whole configuration (`{ mcpServers: { [name]: entry } }`) and returns one definition
 * per server. Throws a ConfigError (or InvalidServerUrlError) naming the server and field on the first problem.
 * `${VAR}` references are checked for syntax here and resolved later, per session.
 */
export function validateConfig(raw: unknown, note?: ConfigNote): Map<string, ServerDefinition> {
  if (!isPlainObject(raw)) {
    throw new ConfigError(
      `The MCP configuration must be an object with an "mcpServers" field, not ${describeValue(raw)}`,
    );
  }
  if (raw.mcpServers === undefined) {
    throw new ConfigError('The MCP configuration has no "mcpServers" field', { field: 'mcpServers' });
  }
  if (!isPlainObject(raw.mcpServers)) {
    throw new ConfigError(
      `mcpServers must be an object mapping server names to entries, not ${describeValue(raw.mcpServers)}`,
      { field: 'mcpServers' },
    );
  }
  const servers = new Map<string, ServerDefinition>();
  for (const [name, entry] of Object.entries(raw.mcpServers)) {
    servers.set(name, validateEntry(name, entry, note));
  }
  return servers;
}
