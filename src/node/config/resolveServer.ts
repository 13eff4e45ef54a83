import type { AuthorizationServer } from 'oauth4webapi';
import type { EnterpriseSettings } from '../../auth/enterprise';
import { ACCOUNT_NAME_PROBLEM, isAccountName } from '../../auth/accountName';
import type { OAuthClientSettings } from '../../auth/clientSettings';
import { isClientMetadataDocumentUrl } from '../../auth/clientMetadataUrl';
import { resourceProblem, trustIssuerProblem } from '../../auth/settingRules';
import { definedFields } from '../../core/definedFields';
import { ConfigError } from '../../core/errors';
import { authorizationHeaderName, isSendableHeaderValue, parseHttpUrl } from '../../core/httpRules';
import type { TransportType } from '../../core/types';
import { InvalidServerUrlError } from '../errors';
import { loopbackRedirectProblem } from '../oauth/loopbackCallback';
import { fieldPath } from './entryIssue';
import { type EnvSource, hasEnvReferences, resolveEnvReferences, resolveEnvTemplate } from './envReferences';
import { CLIENT_METADATA_URL_PROBLEM, HEADER_VALUE_PROBLEM, quotingValue } from './fieldSchemas';
import { usesOAuth } from './serverEntrySchema';
import type { EnterpriseEntrySettings, HttpServerEntry, OAuthEntrySettings, ServerDefinition } from './types';
import type { ConfigNote } from './validateConfig';

interface ResolvedCommon {
  readonly name: string;
  readonly clientName?: string;
  readonly requestTimeoutMs?: number;
}

/** The OAuth settings of an entry (from the entry itself or its `auth`), references resolved, in engine terms. */
export interface ResolvedOAuth extends Readonly<OAuthClientSettings> {
  readonly callbackPort?: number;
  readonly authorizationServerMetadata?: AuthorizationServer;
  readonly grant?: 'authorization_code' | 'device_code' | 'client_credentials';
  readonly deviceCodeFallback?: boolean;
  readonly privateKeyFile?: string;
  /** Enterprise-Managed Authorization through this IdP. */
  readonly enterprise?: EnterpriseSettings;
  readonly account?: string;
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

/** Text built from `${VAR}` references, checked once resolved; messages quote it as written (`shown`). */
function checkResolved(
  value: string,
  problem: (value: string) => string | undefined,
  field: string,
  serverName: string,
  shown: string,
): void {
  const found = problem(value);
  if (found !== undefined) {
    throw new ConfigError(`${field} ${quotingValue(found, shown)}`, { serverName, field });
  }
}

/** Merges the entry's OAuth fields with its `auth` object (validation made sure they agree) and resolves them. */
function resolveOAuth(
  entry: Readonly<HttpServerEntry>,
  name: string,
  env: EnvSource,
  note: ConfigNote,
): ResolvedOAuth | undefined {
  if (!usesOAuth(entry)) return undefined;
  const pick = <K extends keyof OAuthEntrySettings>(key: K) => {
    const inAuth = entry.auth?.[key] !== undefined;
    const value = inAuth ? entry.auth?.[key] : entry[key];
    return { value, field: fieldPath(name, inAuth ? `auth.${key}` : key) };
  };
  /** Text resolved; `problem` is checked again when it was built from references. */
  const resolve = (value: string, field: string, problem?: (value: string) => string | undefined) => {
    const resolved = resolveEnvTemplate(value, field, env, name);
    if (problem && hasEnvReferences(value, field)) checkResolved(resolved, problem, field, name, value);
    return resolved;
  };
  type TextField =
    | 'client_id'
    | 'client_secret'
    | 'scope'
    | 'client_metadata_url'
    | 'redirect_uri'
    | 'trust_issuer'
    | 'client_name'
    | 'account'
    | 'private_key_file';
  const text = (key: TextField, problem?: (value: string) => string | undefined) => {
    const { value, field } = pick(key);
    return value === undefined ? undefined : resolve(value, field, problem);
  };
  const clientMetadataUrl = text('client_metadata_url', (url) =>
    isClientMetadataDocumentUrl(url) ? undefined : CLIENT_METADATA_URL_PROBLEM,
  );
  const callbackUrl = text('redirect_uri', loopbackRedirectProblem);
  // A name built from `${VAR}` is checked once resolved; the message then quotes it as written.
  const account = text('account', (value) => (isAccountName(value) ? undefined : ACCOUNT_NAME_PROBLEM));
  const callbackPort = pick('callback_port').value;
  if (callbackUrl !== undefined && callbackPort !== undefined) {
    note(`${pick('redirect_uri').field} is set, so ${pick('callback_port').field} is not used`, name);
  }
  const resource = pick('resource');
  const params = pick('authorization_params');
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
  return definedFields({
    clientId: text('client_id'),
    clientSecret: text('client_secret'),
    scope: text('scope'),
    callbackPort: callbackUrl === undefined ? callbackPort : undefined,
    clientMetadataUrl,
    callbackUrl,
    tokenEndpointAuthMethod: pick('token_endpoint_auth_method').value,
    authorizationParams:
      params.value === undefined
        ? undefined
        : resolveEnvReferences({ ...params.value }, params.field, env, name),
    resource:
      typeof resource.value === 'string'
        ? resolve(resource.value, resource.field, (url) => resourceProblem(url))
        : resource.value,
    trustIssuer: text('trust_issuer', trustIssuerProblem),
    clientName: text('client_name'),
    useIdToken: pick('use_id_token').value,
    account,
    authorizationServerMetadata: metadata,
    grant: pick('grant').value,
    deviceCodeFallback: pick('device_code_fallback').value,
    privateKeyFile: text('private_key_file'),
    enterprise: resolveEnterprise(pick('enterprise'), env, name),
  });
}

function resolveEnterprise(
  { value, field }: { value: EnterpriseEntrySettings | undefined; field: string },
  env: EnvSource,
  name: string,
): EnterpriseSettings | undefined {
  if (value === undefined) return undefined;
  const resolved = resolveEnvReferences({ ...value }, field, env, name) as unknown as EnterpriseEntrySettings;
  return {
    issuer: resolved.issuer,
    clientId: resolved.client_id,
    ...(resolved.client_secret !== undefined ? { clientSecret: resolved.client_secret } : {}),
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
  const oauth = resolveOAuth(entry, name, env, note);
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
