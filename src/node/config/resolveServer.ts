import type { AuthorizationServer } from 'oauth4webapi';
import { isClientMetadataDocumentUrl } from '../../auth/clientMetadataUrl';
import { ConfigError } from '../../core/errors';
import { authorizationHeaderName, isSendableHeaderValue, parseHttpUrl } from '../../core/httpRules';
import type { TransportType } from '../../core/types';
import { InvalidServerUrlError } from '../errors';
import { fieldPath } from './entryIssue';
import { type EnvSource, hasEnvReferences, resolveEnvReferences, resolveEnvTemplate } from './envReferences';
import { clientMetadataUrlProblem, HEADER_VALUE_PROBLEM } from './fieldSchemas';
import { usesOAuth } from './serverEntrySchema';
import type { HttpServerEntry, OAuthEntrySettings, ServerDefinition } from './types';
import type { ConfigNote } from './validateConfig';

interface ResolvedCommon {
  readonly name: string;
  readonly clientName?: string;
  readonly requestTimeoutMs?: number;
}

/** The OAuth settings of an entry (from the entry itself or its `auth`), references resolved. */
export interface ResolvedOAuth {
  readonly clientId?: string;
  readonly clientSecret?: string;
  readonly scope?: string;
  readonly callbackPort?: number;
  readonly clientMetadataUrl?: string;
  readonly authorizationServerMetadata?: AuthorizationServer;
}

/** An HTTP server entry with its references resolved and its token turned into an Authorization header. */
export interface ResolvedHttpServer extends ResolvedCommon {
  readonly kind: 'http';
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly transportType?: TransportType;
  /** Present when the entry signs in with OAuth. */
  readonly oauth?: ResolvedOAuth;
}

/** A stdio server entry with its references resolved. `env` holds the entry's own variables only. */
export interface ResolvedStdioServer extends ResolvedCommon {
  readonly kind: 'stdio';
  readonly command: string;
  readonly args: string[];
  readonly env: Record<string, string>;
  readonly cwd?: string;
}

export type ResolvedServer = ResolvedHttpServer | ResolvedStdioServer;

// RFC 6750 §2.1: the credentials are `Bearer <token>`; a token written with its scheme is taken as is.
const BEARER_PREFIX = /^bearer\s+/i;

// The checks below are the ones the schema applies to text as written, applied again to text built from
// `${VAR}` references once resolved. `shown` is what a message may quote: the text as written in the
// configuration, never a value read from the environment.

function checkServerUrl(url: string, field: string, serverName: string, shown: string): void {
  if (!parseHttpUrl(url)) throw new InvalidServerUrlError(field, shown, { serverName });
}

function checkClientMetadataUrl(url: string, field: string, serverName: string, shown: string): void {
  if (!isClientMetadataDocumentUrl(url)) {
    throw new ConfigError(`${field} ${clientMetadataUrlProblem(shown)}`, { serverName, field });
  }
}

/** The message never quotes the value: it is often a secret. */
function checkHeaderValue(value: string, field: string, serverName: string): void {
  if (!isSendableHeaderValue(value)) {
    throw new ConfigError(`${field} ${HEADER_VALUE_PROBLEM}`, { serverName, field });
  }
}

function common(definition: ServerDefinition): ResolvedCommon {
  const { entry, name } = definition;
  return {
    name,
    ...(entry.clientName !== undefined ? { clientName: entry.clientName } : {}),
    ...(entry.requestTimeoutMs !== undefined ? { requestTimeoutMs: entry.requestTimeoutMs } : {}),
  };
}

/** Merges the entry's OAuth fields with its `auth` object (validation made sure they agree) and resolves them. */
function resolveOAuth(
  entry: Readonly<HttpServerEntry>,
  name: string,
  env: EnvSource,
): ResolvedOAuth | undefined {
  if (!usesOAuth(entry)) return undefined;
  const pick = <K extends keyof OAuthEntrySettings>(key: K) => {
    const inAuth = entry.auth?.[key] !== undefined;
    const value = inAuth ? entry.auth?.[key] : entry[key];
    return { value, field: fieldPath(name, inAuth ? `auth.${key}` : key) };
  };
  const text = (key: 'client_id' | 'client_secret' | 'scope' | 'client_metadata_url') => {
    const { value, field } = pick(key);
    return value === undefined ? undefined : resolveEnvTemplate(value, field, env, name);
  };
  const clientId = text('client_id');
  const clientSecret = text('client_secret');
  const scope = text('scope');
  const clientMetadataUrl = text('client_metadata_url');
  if (clientMetadataUrl !== undefined) {
    const { value, field } = pick('client_metadata_url');
    // Quote the URL as written, so a value read from the environment never reaches the message.
    if (value !== undefined && hasEnvReferences(value, field))
      checkClientMetadataUrl(clientMetadataUrl, field, name, value);
  }
  const callbackPort = pick('callback_port').value;
  const provider = pick('oauth_provider');
  const metadata =
    provider.value === undefined
      ? undefined
      : (resolveEnvReferences(
          { ...provider.value },
          provider.field,
          env,
          name,
        ) as unknown as AuthorizationServer);
  return {
    ...(clientId !== undefined ? { clientId } : {}),
    ...(clientSecret !== undefined ? { clientSecret } : {}),
    ...(scope !== undefined ? { scope } : {}),
    ...(callbackPort !== undefined ? { callbackPort } : {}),
    ...(clientMetadataUrl !== undefined ? { clientMetadataUrl } : {}),
    ...(metadata !== undefined ? { authorizationServerMetadata: metadata } : {}),
  };
}

function resolveHttp(
  definition: Extract<ServerDefinition, { kind: 'http' }>,
  env: EnvSource,
  note: ConfigNote,
): ResolvedHttpServer {
  const { entry, name } = definition;
  const urlField = fieldPath(name, 'url');
  const url = resolveEnvTemplate(entry.url, urlField, env, name);
  // Quote the URL as written, so a value read from the environment never reaches the message.
  if (hasEnvReferences(entry.url, urlField)) checkServerUrl(url, urlField, name, entry.url);

  const headersField = fieldPath(name, 'headers');
  const headers = resolveEnvReferences({ ...entry.headers }, headersField, env, name);
  for (const [header, value] of Object.entries(headers))
    checkHeaderValue(value, `${headersField}.${header}`, name);

  const tokenKey = entry.authToken !== undefined ? 'authToken' : 'auth_token';
  const token = entry.authToken ?? entry.auth_token;
  if (token !== undefined) {
    const explicit = authorizationHeaderName(headers);
    if (explicit !== undefined) {
      // The explicit header is the more specific setting; the token is not even resolved, so a reference in
      // it to an unset variable does not fail a session that would never send it.
      note(`${headersField}.${explicit} is set, so ${fieldPath(name, tokenKey)} is ignored`, name);
    } else {
      const tokenField = fieldPath(name, tokenKey);
      const credentials = resolveEnvTemplate(token, tokenField, env, name).trim().replace(BEARER_PREFIX, '');
      if (credentials === '' || /^bearer$/i.test(credentials)) {
        throw new ConfigError(`${tokenField} is empty`, { serverName: name, field: tokenField });
      }
      checkHeaderValue(credentials, tokenField, name);
      headers.Authorization = `Bearer ${credentials}`;
    }
  }
  const oauth = resolveOAuth(entry, name, env);
  return {
    ...common(definition),
    kind: 'http',
    url,
    headers,
    ...(entry.transportType !== undefined ? { transportType: entry.transportType } : {}),
    ...(oauth !== undefined ? { oauth } : {}),
  };
}

function resolveStdio(
  definition: Extract<ServerDefinition, { kind: 'stdio' }>,
  env: EnvSource,
): ResolvedStdioServer {
  const { entry, name } = definition;
  return {
    ...common(definition),
    kind: 'stdio',
    command: resolveEnvTemplate(entry.command, fieldPath(name, 'command'), env, name),
    args: resolveEnvReferences([...(entry.args ?? [])], fieldPath(name, 'args'), env, name),
    env: resolveEnvReferences({ ...entry.env }, fieldPath(name, 'env'), env, name),
    ...(entry.cwd !== undefined
      ? { cwd: resolveEnvTemplate(entry.cwd, fieldPath(name, 'cwd'), env, name) }
      : {}),
  };
}

/**
 * Resolves a validated server definition against the environment, right before a session is created.
 * Throws MissingEnvVarError, ConfigError or InvalidServerUrlError naming the server and field.
 */
export function resolveServer(
  definition: ServerDefinition,
  env: EnvSource,
  note: ConfigNote,
): ResolvedServer {
  return definition.kind === 'http' ? resolveHttp(definition, env, note) : resolveStdio(definition, env);
}
