import { isClientMetadataDocumentUrl } from '../../auth/registerClient';
import { ConfigError } from '../../core/errors';
import type { TransportType } from '../../core/types';
import { InvalidServerUrlError } from '../errors';
import { hasEnvReferences, parseEnvTemplate } from './envReferences';
import type {
  HttpServerEntry,
  OAuthEntrySettings,
  OAuthProviderMetadata,
  ServerDefinition,
  StdioServerEntry,
} from './types';

/** Receives notes about the configuration that are worth a debug line but not an error (e.g. unknown fields). */
export type ConfigNote = (message: string, serverName: string) => void;

const TRANSPORT_TYPES: readonly TransportType[] = ['auto', 'http', 'sse'];
/** The reference page's "OAuth Configuration Parameters", accepted on the entry and inside `auth`. */
export const OAUTH_FIELDS = [
  'client_id',
  'client_secret',
  'scope',
  'callback_port',
  'oauth_provider',
  'client_metadata_url',
] as const;
const HTTP_FIELDS = new Set([
  'url',
  'authToken',
  'auth_token',
  'headers',
  'transportType',
  'clientName',
  'requestTimeoutMs',
  'auth',
  ...OAUTH_FIELDS,
]);
const OAUTH_PROVIDER_URL_FIELDS = ['issuer', 'authorization_endpoint', 'token_endpoint'] as const;
const STDIO_FIELDS = new Set(['command', 'args', 'env', 'cwd', 'clientName', 'requestTimeoutMs']);
// RFC 9110 §5.1: a field name is a token.
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// RFC 9110 §5.5: CR, LF and NUL are never allowed in a field value (fetch's Headers rejects them too).
const FORBIDDEN_IN_HEADER_VALUE = /[\r\n\0]/;

type PlainObject = Record<string, unknown>;

function isPlainObject(value: unknown): value is PlainObject {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

/** `mcpServers.<name>.<key>` — the path every message uses to point at a field. */
export function fieldPath(serverName: string, key?: string): string {
  return key === undefined ? `mcpServers.${serverName}` : `mcpServers.${serverName}.${key}`;
}

function configError(message: string, serverName: string, field: string): ConfigError {
  return new ConfigError(message, { serverName, field });
}

/**
 * Throws InvalidServerUrlError unless `url` is an absolute http(s) URL. `shown` is what the message may quote:
 * the text as written in the configuration, never a value resolved from the environment.
 */
export function checkServerUrl(url: string, field: string, serverName: string, shown: string = url): URL {
  try {
    const parsed = new URL(url);
    if (parsed.protocol === 'http:' || parsed.protocol === 'https:') return parsed;
  } catch {
    // reported below
  }
  throw new InvalidServerUrlError(field, shown, { serverName });
}

/**
 * A Client ID Metadata Document URL becomes the client id the authorization server fetches, so it must be an
 * https URL with a path and no fragment (http: only on loopback hosts, for development; OAuth 2.1 §1.5).
 * `shown` is what the message may quote: the text as written, never a value resolved from the environment.
 */
export function checkClientMetadataUrl(
  url: string,
  field: string,
  serverName: string,
  shown: string = url,
): void {
  if (isClientMetadataDocumentUrl(url)) return;
  throw configError(
    `${field} must be an https: URL with a path and no fragment (http: only on 127.0.0.1, localhost or [::1]), not ${JSON.stringify(shown)}`,
    serverName,
    field,
  );
}

/** Throws when a header value cannot be sent; the message never quotes the value (it is often a secret). */
export function checkHeaderValue(value: string, field: string, serverName: string): void {
  if (FORBIDDEN_IN_HEADER_VALUE.test(value)) {
    throw configError(
      `${field} contains a line break or NUL character, which HTTP headers cannot carry`,
      serverName,
      field,
    );
  }
}

function readString(
  entry: PlainObject,
  key: string,
  serverName: string,
  required: boolean,
): string | undefined {
  const value = entry[key];
  const field = fieldPath(serverName, key);
  if (value === undefined) {
    if (required) throw configError(`${field} is required`, serverName, field);
    return undefined;
  }
  if (typeof value !== 'string')
    throw configError(`${field} must be a string, not ${describe(value)}`, serverName, field);
  parseEnvTemplate(value, field, serverName);
  return value;
}

function readNonEmptyString(
  entry: PlainObject,
  key: string,
  serverName: string,
  required: boolean,
): string | undefined {
  const value = readString(entry, key, serverName, required);
  if (value !== undefined && value.trim() === '') {
    const field = fieldPath(serverName, key);
    throw configError(`${field} must not be empty`, serverName, field);
  }
  return value;
}

function readStringRecord(
  entry: PlainObject,
  key: string,
  serverName: string,
  checkName: (name: string) => boolean,
  nameRule: string,
): Record<string, string> | undefined {
  const value = entry[key];
  const field = fieldPath(serverName, key);
  if (value === undefined) return undefined;
  if (!isPlainObject(value)) {
    throw configError(
      `${field} must be an object of string values, not ${describe(value)}`,
      serverName,
      field,
    );
  }
  const record: Record<string, string> = {};
  for (const [name, item] of Object.entries(value)) {
    const itemField = `${field}.${name}`;
    if (!checkName(name))
      throw configError(
        `${field} has an invalid name ${JSON.stringify(name)} (${nameRule})`,
        serverName,
        itemField,
      );
    if (typeof item !== 'string') {
      throw configError(`${itemField} must be a string, not ${describe(item)}`, serverName, itemField);
    }
    parseEnvTemplate(item, itemField, serverName);
    record[name] = item;
  }
  return record;
}

function readCommonFields(entry: PlainObject, serverName: string) {
  const clientName = readNonEmptyString(entry, 'clientName', serverName, false);
  const timeout = entry.requestTimeoutMs;
  if (timeout !== undefined && (typeof timeout !== 'number' || !Number.isFinite(timeout) || timeout <= 0)) {
    const field = fieldPath(serverName, 'requestTimeoutMs');
    throw configError(`${field} must be a positive number of milliseconds`, serverName, field);
  }
  return {
    ...(clientName !== undefined ? { clientName } : {}),
    ...(timeout !== undefined ? { requestTimeoutMs: timeout as number } : {}),
  };
}

/** The OAuth fields of one object (the entry itself, or its `auth`), checked; `prefix` is `''` or `'auth.'`. */
function readOAuthFields(
  source: PlainObject,
  serverName: string,
  prefix: string,
  note: ConfigNote | undefined,
): OAuthEntrySettings {
  const field = (key: string) => fieldPath(serverName, `${prefix}${key}`);
  const settings: OAuthEntrySettings = {};
  for (const key of ['client_id', 'client_secret', 'scope'] as const) {
    const value = source[key];
    if (value === undefined) continue;
    if (typeof value !== 'string' || value.trim() === '') {
      throw configError(`${field(key)} must be a non-empty string`, serverName, field(key));
    }
    parseEnvTemplate(value, field(key), serverName);
    settings[key] = value;
  }
  const metadataUrl = source.client_metadata_url;
  if (metadataUrl !== undefined) {
    const urlField = field('client_metadata_url');
    if (typeof metadataUrl !== 'string' || metadataUrl.trim() === '') {
      throw configError(`${urlField} must be a non-empty string`, serverName, urlField);
    }
    // A URL built from references can only be checked once they are resolved (at session creation).
    if (!hasEnvReferences(metadataUrl, urlField)) checkClientMetadataUrl(metadataUrl, urlField, serverName);
    settings.client_metadata_url = metadataUrl;
  }
  const port = source.callback_port;
  if (port !== undefined) {
    if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65_535) {
      throw configError(
        `${field('callback_port')} must be a port number from 1 to 65535`,
        serverName,
        field('callback_port'),
      );
    }
    settings.callback_port = port;
  }
  const provider = source.oauth_provider;
  if (provider !== undefined) {
    if (!isPlainObject(provider)) {
      throw configError(
        `${field('oauth_provider')} must be an object of authorization-server metadata (RFC 8414), not ${describe(provider)}`,
        serverName,
        field('oauth_provider'),
      );
    }
    for (const key of OAUTH_PROVIDER_URL_FIELDS) {
      const value = provider[key];
      const itemField = `${field('oauth_provider')}.${key}`;
      if (typeof value !== 'string') throw configError(`${itemField} is required`, serverName, itemField);
      try {
        new URL(value);
      } catch {
        throw configError(`${itemField} must be an absolute URL`, serverName, itemField);
      }
    }
    settings.oauth_provider = provider as OAuthProviderMetadata;
  }
  if (prefix !== '') {
    for (const key of Object.keys(source)) {
      if (!(OAUTH_FIELDS as readonly string[]).includes(key))
        note?.(`${field(key)} is not a known OAuth setting; ignoring it`, serverName);
    }
  }
  return settings;
}

/**
 * OAuth settings may sit on the entry (as the reference page's table lists them) or grouped in `auth` (as in
 * other mcp-use configurations); both together are fine unless they disagree.
 */
function readOAuthSettings(
  entry: PlainObject,
  serverName: string,
  note: ConfigNote | undefined,
): { flat: OAuthEntrySettings; auth?: OAuthEntrySettings } {
  const flat = readOAuthFields(entry, serverName, '', note);
  if (entry.auth === undefined) return { flat };
  const authField = fieldPath(serverName, 'auth');
  if (!isPlainObject(entry.auth)) {
    throw configError(
      `${authField} must be an object of OAuth settings (client_id, client_secret, scope, callback_port, oauth_provider, client_metadata_url), not ${describe(entry.auth)}; a bearer token goes in authToken`,
      serverName,
      authField,
    );
  }
  const auth = readOAuthFields(entry.auth, serverName, 'auth.', note);
  for (const key of OAUTH_FIELDS) {
    if (flat[key] !== undefined && auth[key] !== undefined && !sameValue(flat[key], auth[key])) {
      throw configError(
        `${fieldPath(serverName)} sets ${key} both on the entry and in auth, to different values; keep one`,
        serverName,
        fieldPath(serverName, key),
      );
    }
  }
  return { flat, auth };
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function validateHttpEntry(entry: PlainObject, serverName: string, note?: ConfigNote): HttpServerEntry {
  const urlField = fieldPath(serverName, 'url');
  const url = readString(entry, 'url', serverName, true)!;
  // A URL built from references can only be checked once they are resolved (at session creation).
  if (!hasEnvReferences(url, urlField)) checkServerUrl(url, urlField, serverName);

  const authToken = readString(entry, 'authToken', serverName, false);
  const authTokenSnake = readString(entry, 'auth_token', serverName, false);
  if (authToken !== undefined && authTokenSnake !== undefined && authToken !== authTokenSnake) {
    const field = fieldPath(serverName, 'authToken');
    throw configError(
      `${fieldPath(serverName)} sets both authToken and auth_token, to different values; keep one of them`,
      serverName,
      field,
    );
  }

  const headers = readStringRecord(
    entry,
    'headers',
    serverName,
    (name) => HEADER_NAME.test(name),
    'not an HTTP header name',
  );
  for (const [name, value] of Object.entries(headers ?? {}))
    checkHeaderValue(value, `${fieldPath(serverName, 'headers')}.${name}`, serverName);

  const transportType = entry.transportType;
  if (transportType !== undefined && !TRANSPORT_TYPES.includes(transportType as TransportType)) {
    const field = fieldPath(serverName, 'transportType');
    throw configError(
      `${field} must be one of ${TRANSPORT_TYPES.map((t) => `"${t}"`).join(', ')}`,
      serverName,
      field,
    );
  }

  const oauth = readOAuthSettings(entry, serverName, note);
  const usesOAuth = oauth.auth !== undefined || Object.keys(oauth.flat).length > 0;
  if (usesOAuth) {
    const header = Object.keys(headers ?? {}).find((name) => name.toLowerCase() === 'authorization');
    const staticCredentials =
      authToken !== undefined
        ? 'authToken'
        : authTokenSnake !== undefined
          ? 'auth_token'
          : header !== undefined
            ? `headers.${header}`
            : undefined;
    if (staticCredentials !== undefined) {
      // Both would claim the Authorization header; the OAuth token would silently replace the static one.
      throw configError(
        `${fieldPath(serverName)} sets both ${staticCredentials} and OAuth settings; keep one way to authenticate`,
        serverName,
        fieldPath(serverName),
      );
    }
  }

  return {
    url,
    // Keep the key as written, so a later error about the token names the field the user wrote.
    ...(authToken !== undefined
      ? { authToken }
      : authTokenSnake !== undefined
        ? { auth_token: authTokenSnake }
        : {}),
    ...(headers !== undefined ? { headers } : {}),
    ...(transportType !== undefined ? { transportType: transportType as TransportType } : {}),
    ...oauth.flat,
    ...(oauth.auth !== undefined ? { auth: oauth.auth } : {}),
    ...readCommonFields(entry, serverName),
  };
}

function validateStdioEntry(entry: PlainObject, serverName: string): StdioServerEntry {
  const command = readNonEmptyString(entry, 'command', serverName, true)!;
  const rawArgs = entry.args;
  const argsField = fieldPath(serverName, 'args');
  let args: string[] | undefined;
  if (rawArgs !== undefined) {
    if (!Array.isArray(rawArgs))
      throw configError(
        `${argsField} must be an array of strings, not ${describe(rawArgs)}`,
        serverName,
        argsField,
      );
    args = rawArgs.map((arg, index) => {
      const field = `${argsField}[${index}]`;
      if (typeof arg !== 'string')
        throw configError(`${field} must be a string, not ${describe(arg)}`, serverName, field);
      parseEnvTemplate(arg, field, serverName);
      return arg;
    });
  }
  // Node's spawn rejects variable names that are empty or contain '=' or NUL.
  const env = readStringRecord(
    entry,
    'env',
    serverName,
    (name) => name !== '' && !/[=\0]/.test(name),
    'not an environment variable name',
  );
  const cwd = readNonEmptyString(entry, 'cwd', serverName, false);
  return {
    command,
    ...(args !== undefined ? { args } : {}),
    ...(env !== undefined ? { env } : {}),
    ...(cwd !== undefined ? { cwd } : {}),
    ...readCommonFields(entry, serverName),
  };
}

/**
 * Checks the shape of a whole configuration (`{ mcpServers: { [name]: entry } }`) and returns one definition
 * per server. Throws a ConfigError (or InvalidServerUrlError) naming the server and field on the first problem.
 * `${VAR}` references are checked for syntax here and resolved later, per session.
 */
export function validateConfig(raw: unknown, note?: ConfigNote): Map<string, ServerDefinition> {
  if (!isPlainObject(raw)) {
    throw new ConfigError(
      `The MCP configuration must be an object with an "mcpServers" field, not ${describe(raw)}`,
    );
  }
  if (raw.mcpServers === undefined) {
    throw new ConfigError('The MCP configuration has no "mcpServers" field', { field: 'mcpServers' });
  }
  if (!isPlainObject(raw.mcpServers)) {
    throw new ConfigError(
      `mcpServers must be an object mapping server names to entries, not ${describe(raw.mcpServers)}`,
      {
        field: 'mcpServers',
      },
    );
  }
  const servers = new Map<string, ServerDefinition>();
  for (const [name, entry] of Object.entries(raw.mcpServers)) {
    const field = fieldPath(name);
    if (name.trim() === '') throw new ConfigError('mcpServers has an entry with an empty name', { field });
    if (!isPlainObject(entry))
      throw configError(`${field} must be an object, not ${describe(entry)}`, name, field);
    const hasUrl = entry.url !== undefined;
    const hasCommand = entry.command !== undefined;
    if (hasUrl && hasCommand) {
      throw configError(
        `${field} has both "url" and "command"; an entry is either an HTTP server (url) or a stdio server (command)`,
        name,
        field,
      );
    }
    if (!hasUrl && !hasCommand) {
      throw configError(`${field} has neither "url" (HTTP server) nor "command" (stdio server)`, name, field);
    }
    const known = hasUrl ? HTTP_FIELDS : STDIO_FIELDS;
    for (const key of Object.keys(entry)) {
      if (!known.has(key))
        note?.(`${fieldPath(name, key)} is not a known field for this kind of server; ignoring it`, name);
    }
    servers.set(
      name,
      hasUrl
        ? Object.freeze({ name, kind: 'http', entry: Object.freeze(validateHttpEntry(entry, name, note)) })
        : Object.freeze({ name, kind: 'stdio', entry: Object.freeze(validateStdioEntry(entry, name)) }),
    );
  }
  return servers;
}
