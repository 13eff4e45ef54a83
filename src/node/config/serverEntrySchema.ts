import { z } from 'zod';
import { ACCOUNT_NAME_PROBLEM, isAccountName } from '../../auth/accountName';
import { isClientMetadataDocumentUrl } from '../../auth/clientMetadataUrl';
import { authorizationHeaderName, parseHttpUrl } from '../../core/httpRules';
import { issuePosition } from './entryIssue';
import {
  authorizationParams,
  clientMetadataUrlProblem,
  environment,
  expected,
  flag,
  headers,
  metadataUrl,
  milliseconds,
  mustBe,
  nonEmptyText,
  oauthText,
  plainObject,
  port,
  redirectUri,
  resourceSetting,
  templated,
  text,
  tokenEndpointAuthMethod,
  trustIssuer,
} from './fieldSchemas';
import type {
  EnterpriseEntrySettings,
  HttpServerEntry,
  OAuthEntrySettings,
  OAuthProviderMetadata,
  StdioServerEntry,
} from './types';

/*
 * The shape of one `mcpServers` entry, as it is checked. Fields are checked in the order they are declared and
 * the first problem found is the one reported. What each field means is documented on the interfaces in
 * ./types.ts, which the end of this file holds to exactly these shapes.
 */

// RFC 8414 §2: `issuer`, `authorization_endpoint` and `token_endpoint` are REQUIRED; the rest passes through.
const oauthProviderMetadata = z.looseObject({
  issuer: metadataUrl,
  authorization_endpoint: metadataUrl,
  token_endpoint: metadataUrl,
});

/** How tokens are obtained (types.ts, OAuthEntrySettings.grant). */
const OAUTH_GRANTS = ['authorization_code', 'device_code', 'client_credentials'] as const;
/** Enterprise-Managed Authorization: the IdP the user signs in at, and this client's registration there. */
const enterpriseSettings = z.object({
  issuer: oauthText((url) =>
    URL.canParse(url) && /^https?:$/.test(new URL(url).protocol)
      ? undefined
      : { message: `must be the IdP's issuer, an http(s) URL, not ${JSON.stringify(url)}` },
  ),
  client_id: oauthText(),
  client_secret: oauthText().optional(),
});

/**
 * The reference page's "OAuth Configuration Parameters" and the per-server settings hosted servers need (what
 * each means: ./types.ts), accepted on the entry and inside `auth`.
 */
const oauthSettingsShape = {
  client_id: oauthText().optional(),
  client_secret: oauthText().optional(),
  scope: oauthText().optional(),
  client_metadata_url: oauthText((url) =>
    isClientMetadataDocumentUrl(url) ? undefined : { message: clientMetadataUrlProblem(url) },
  ).optional(),
  callback_port: port.optional(),
  oauth_provider: plainObject(oauthProviderMetadata, (value) =>
    expected('an object of authorization-server metadata (RFC 8414)', value),
  ).optional(),
  grant: z
    .enum(OAUTH_GRANTS, { error: `must be one of ${OAUTH_GRANTS.map((grant) => `"${grant}"`).join(', ')}` })
    .optional(),
  device_code_fallback: flag.optional(),
  private_key_file: oauthText().optional(),
  enterprise: plainObject(enterpriseSettings, (value) =>
    expected('an object { issuer, client_id, client_secret? } naming the enterprise IdP', value),
  ).optional(),
  account: oauthText((name) =>
    isAccountName(name) ? undefined : { message: ACCOUNT_NAME_PROBLEM },
  ).optional(),
  redirect_uri: redirectUri.optional(),
  token_endpoint_auth_method: tokenEndpointAuthMethod.optional(),
  authorization_params: authorizationParams.optional(),
  resource: resourceSetting.optional(),
  trust_issuer: trustIssuer.optional(),
  client_name: oauthText().optional(),
  use_id_token: flag.optional(),
};
const oauthSettings = z.object(oauthSettingsShape);

type OAuthField = keyof typeof oauthSettingsShape;

/** The OAuth parameters, in the order they are checked. */
export const OAUTH_FIELDS = Object.keys(oauthSettingsShape) as OAuthField[];

/** The same parameters in the order of the reference page's table (then the later ones), which messages follow. */
const OAUTH_TABLE = [
  'client_id',
  'client_secret',
  'scope',
  'callback_port',
  'oauth_provider',
  'client_metadata_url',
  'grant',
  'device_code_fallback',
  'private_key_file',
  'enterprise',
  'account',
  'redirect_uri',
  'token_endpoint_auth_method',
  'authorization_params',
  'resource',
  'trust_issuer',
  'client_name',
  'use_id_token',
] as const satisfies readonly OAuthField[];
// Every parameter is in the table: leaving one out is a type error here.
const tableIsComplete: Exclude<OAuthField, (typeof OAUTH_TABLE)[number]> extends never ? true : never = true;
void tableIsComplete;

/** Whether an HTTP entry signs in with OAuth: any OAuth parameter, or an `auth` object (even an empty one). */
export function usesOAuth(entry: OAuthEntrySettings & { auth?: unknown }): boolean {
  return entry.auth !== undefined || OAUTH_FIELDS.some((key) => entry[key] !== undefined);
}

/** Fields both kinds of entry accept. */
const commonShape = {
  clientName: nonEmptyText.optional(),
  requestTimeoutMs: milliseconds.optional(),
};

const TRANSPORT_TYPES = ['auto', 'http', 'sse'] as const;

const httpFields = z.object({
  url: templated(text, (url) =>
    // Reported as an InvalidServerUrlError (an InvalidUrlError, code `invalid_url`), quoting the url as written.
    parseHttpUrl(url) ? undefined : { message: 'is not an http(s) URL', params: { invalidServerUrl: url } },
  ),
  authToken: templated(text).optional(),
  auth_token: templated(text).optional(),
  headers: headers.optional(),
  transportType: z
    .enum(TRANSPORT_TYPES, {
      error: `must be one of ${TRANSPORT_TYPES.map((type) => `"${type}"`).join(', ')}`,
    })
    .optional(),
  ...oauthSettingsShape,
  auth: plainObject(
    oauthSettings,
    (value) =>
      `${expected(`an object of OAuth settings (${OAUTH_TABLE.join(', ')})`, value)}; a bearer token goes in authToken`,
  ).optional(),
  ...commonShape,
});

type HttpField = keyof typeof httpFields.shape;

/** The fields an HTTP entry knows, in the order they are checked; any other is noted and ignored. */
export const HTTP_FIELDS: readonly string[] = Object.keys(httpFields.shape);

/**
 * A rule across fields, checked right after the field `after`: only once that field and all before it are
 * valid, and reported before any problem in a later field, as if it were a field in between. Its message is
 * about the whole entry (`mcpServers.<name> sets both …`); `path` names the field to blame, if one.
 * (zod skips `when` checks after a check that aborts explicitly, such as a failed z.int(): the field schemas
 * use none.)
 */
function ruleAfter(
  after: HttpField,
  rule: (entry: HttpServerEntry) => { message: string; path?: string[] } | undefined,
) {
  const place = HTTP_FIELDS.indexOf(after);
  return z.superRefine<HttpServerEntry>(
    (entry, ctx) => {
      const problem = rule(entry);
      if (problem !== undefined) ctx.addIssue({ code: 'custom', params: { after }, ...problem });
    },
    { when: (payload) => payload.issues.every((issue) => issuePosition(issue, HTTP_FIELDS) > place) },
  );
}

const oneToken = ruleAfter('auth_token', (entry) =>
  entry.authToken !== undefined && entry.auth_token !== undefined && entry.authToken !== entry.auth_token
    ? {
        message: 'sets both authToken and auth_token, to different values; keep one of them',
        path: ['authToken'],
      }
    : undefined,
);

// JSON.stringify compares oauth_provider and authorization_params objects by content; the others are scalars.
const sameValue = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

// Settings may sit on the entry (as the reference page's table lists them) or grouped in `auth` (as in other
// mcp-use configurations); both together are fine unless they disagree.
const authAgrees = ruleAfter('auth', (entry) => {
  const { auth } = entry;
  const key = OAUTH_TABLE.find(
    (key) => entry[key] !== undefined && auth?.[key] !== undefined && !sameValue(entry[key], auth[key]),
  );
  return key === undefined
    ? undefined
    : { message: `sets ${key} both on the entry and in auth, to different values; keep one`, path: [key] };
});

// Both would claim the Authorization header; the OAuth token would silently replace the static one.
const oneWayToAuthenticate = ruleAfter('auth', (entry) => {
  if (!usesOAuth(entry)) return undefined;
  const header = authorizationHeaderName(entry.headers);
  const staticCredentials =
    entry.authToken !== undefined
      ? 'authToken'
      : entry.auth_token !== undefined
        ? 'auth_token'
        : header !== undefined
          ? `headers.${header}`
          : undefined;
  return staticCredentials === undefined
    ? undefined
    : { message: `sets both ${staticCredentials} and OAuth settings; keep one way to authenticate` };
});

// What each grant needs: client credentials a pre-registered client and a secret or a key; a key only for them.
const grantSettings = ruleAfter('auth', (entry) => {
  const setting = <K extends OAuthField>(key: K) => entry.auth?.[key] ?? entry[key];
  const grant = setting('grant') ?? 'authorization_code';
  const hasKey = setting('private_key_file') !== undefined;
  if (grant === 'client_credentials') {
    if (setting('client_id') === undefined)
      return { message: 'uses grant "client_credentials", which needs a pre-registered client_id' };
    if (!hasKey && setting('client_secret') === undefined)
      return { message: 'uses grant "client_credentials", which needs client_secret or private_key_file' };
    if (hasKey && setting('client_secret') !== undefined)
      return {
        message: 'sets both client_secret and private_key_file; keep one way for the client to authenticate',
      };
    return undefined;
  }
  if (hasKey) return { message: 'sets private_key_file, which only grant "client_credentials" uses' };
  if (grant === 'device_code' && setting('device_code_fallback') !== undefined)
    return { message: 'sets device_code_fallback with grant "device_code", which always uses a device code' };
  return undefined;
});

export const httpServerEntry = httpFields
  .check(oneToken, authAgrees, oneWayToAuthenticate, grantSettings)
  // Keep only the key as written, so a later error about the token names the field the user wrote.
  .transform((entry): HttpServerEntry => {
    if (entry.authToken === undefined) return entry;
    const { auth_token: _sameToken, ...written } = entry;
    return written;
  });

const stdioFields = z.object({
  command: nonEmptyText,
  args: z.array(templated(text), mustBe('an array of strings')).optional(),
  env: environment.optional(),
  cwd: nonEmptyText.optional(),
  ...commonShape,
});

/** The fields a stdio entry knows, in the order they are checked; any other is noted and ignored. */
export const STDIO_FIELDS: readonly string[] = Object.keys(stdioFields.shape);

export const stdioServerEntry = stdioFields;

// The interfaces in ./types.ts carry the documentation editors show: comments written on schema properties
// would not reach the published declarations. Each must be exactly what its schema accepts and returns, so a
// field added, removed or retyped on one side only fails the type check here.
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const interfacesMatchSchemas: [
  Same<z.input<typeof httpServerEntry>, HttpServerEntry>,
  Same<z.output<typeof httpServerEntry>, HttpServerEntry>,
  Same<z.input<typeof stdioServerEntry>, StdioServerEntry>,
  Same<z.output<typeof stdioServerEntry>, StdioServerEntry>,
  Same<z.input<typeof oauthSettings>, OAuthEntrySettings>,
  Same<z.input<typeof oauthProviderMetadata>, OAuthProviderMetadata>,
  Same<z.input<typeof enterpriseSettings>, EnterpriseEntrySettings>,
] = [true, true, true, true, true, true, true];
void interfacesMatchSchemas;
