/**
 * The OAuth flags of `connect`: the same settings as a config entry's (snake_case) and `useMcp`'s (camelCase),
 * checked with the engine's own rules (src/auth/settingRules.ts) and saved with the session, so that every later
 * command signs in and refreshes the same way.
 */
import type { Command } from 'commander';
import { ACCOUNT_NAME_PROBLEM, isAccountName, shownAccount } from '../../auth/accountName';
import { isClientMetadataDocumentUrl } from '../../auth/clientMetadataUrl';
import { SETTING_NAMES } from '../../auth/settingNames';
import {
  isTokenEndpointAuthMethod,
  ownedParameterProblem,
  resourceProblem,
  settingsProblem,
  TOKEN_ENDPOINT_AUTH_METHOD_PROBLEM,
  trustIssuerProblem,
} from '../../auth/settingRules';
import { definedFields } from '../../core/definedFields';
import { parseHttpUrl } from '../../core/httpRules';
import { redactUrl } from '../../core/redactUrl';
import {
  DEFAULT_CALLBACK_PORT,
  loopbackAddress,
  loopbackRedirectProblem,
} from '../../node/oauth/loopbackCallback';
import { UsageError } from '../errors';
import { collect, parsePort } from '../parseInput';
import type { OAuthSessionSettings } from '../sessions/sessionsFile';

export interface OAuthFlags {
  callbackPort?: string;
  clientId?: string;
  clientSecret?: string;
  clientSecretEnv?: string;
  scope?: string;
  redirectUri?: string;
  tokenAuthMethod?: string;
  authorizeParam?: string[];
  /** `--resource URL`, or false for `--no-resource`. */
  resource?: string | false;
  trustIssuer?: string;
  clientName?: string;
  useIdToken?: boolean;
  clientMetadataUrl?: string;
  account?: string;
  /** `--idp ISSUER --idp-client-id ID`: Enterprise-Managed Authorization through that IdP. */
  idp?: string;
  idpClientId?: string;
}

/** Each flag as typed, for messages about flags that do not go together. */
const FLAG_NAMES: Record<keyof OAuthFlags, string> = {
  callbackPort: '--callback-port',
  clientId: '--client-id',
  clientSecret: '--client-secret',
  clientSecretEnv: '--client-secret-env',
  scope: '--scope',
  redirectUri: '--redirect-uri',
  tokenAuthMethod: '--token-auth-method',
  authorizeParam: '--authorize-param',
  resource: '--resource',
  trustIssuer: '--trust-issuer',
  clientName: '--client-name',
  useIdToken: '--use-id-token',
  clientMetadataUrl: '--client-metadata-url',
  account: '--account',
  idp: '--idp',
  idpClientId: '--idp-client-id',
};

/** The OAuth flags given, as typed (`--no-resource` for `resource: false`). */
export function oauthFlagsGiven(options: OAuthFlags): string[] {
  return (Object.keys(FLAG_NAMES) as (keyof OAuthFlags)[])
    .filter((key) => options[key] !== undefined && !(Array.isArray(options[key]) && !options[key].length))
    .map((key) => (key === 'resource' && options.resource === false ? '--no-resource' : FLAG_NAMES[key]));
}

export function addOAuthOptions(command: Command): Command {
  return command
    .option(
      '--callback-port <port>',
      `port of the OAuth sign-in redirect on 127.0.0.1 (default ${DEFAULT_CALLBACK_PORT})`,
    )
    .option('--client-id <id>', 'pre-registered OAuth client id (default: dynamic registration)')
    .option('--client-secret <secret>', "secret of the pre-registered OAuth client; '-' reads it from stdin")
    .option('--client-secret-env <VAR>', 'the client secret from the environment variable VAR')
    .option('--scope <scopes>', 'OAuth scopes to ask for (default: what the server asks)')
    .option(
      '--redirect-uri <url>',
      'the exact loopback redirect URI registered for the client (host, port and path); overrides --callback-port',
    )
    .option(
      '--token-auth-method <method>',
      'token endpoint client authentication: client_secret_basic, client_secret_post or none',
    )
    .option('--authorize-param <key=value>', 'extra authorization-request parameter (repeatable)', collect)
    .option('--resource <url>', 'RFC 8707 resource indicator to send instead of the server URL')
    .option(
      '--no-resource',
      'send no RFC 8707 resource parameter (servers that answer it with invalid_target)',
    )
    .option(
      '--trust-issuer <url>',
      'accept this one authorization-server issuer where its metadata differs from the one the server names',
    )
    .option('--client-name <name>', 'client_name sent at dynamic client registration (default mcp-use)')
    .option('--use-id-token', 'send the OIDC ID token instead of the access token as the bearer')
    .option('--client-metadata-url <url>', 'Client ID Metadata Document URL to present as the client id')
    .option(
      '--account <name>',
      'which of your accounts on this server (e.g. work, personal): each signs in and keeps tokens on its own',
    )
    .option(
      '--idp <issuer>',
      'Enterprise-Managed Authorization: sign in at this enterprise IdP (its issuer URL)',
    )
    .option('--idp-client-id <id>', "this client's id at the enterprise IdP (with --idp)");
}

/** `--idp ISSUER --idp-client-id ID`: Enterprise-Managed Authorization through that IdP (both or neither). */
function enterpriseOption(options: OAuthFlags): { issuer: string; clientId: string } | undefined {
  if (options.idp === undefined && options.idpClientId === undefined) return undefined;
  if (options.idp === undefined || options.idpClientId === undefined || !options.idpClientId.trim()) {
    throw new UsageError('--idp and --idp-client-id go together: the IdP issuer and this client id there');
  }
  if (!parseHttpUrl(options.idp)) {
    throw new UsageError(
      `Invalid --idp ${JSON.stringify(redactUrl(options.idp))}: expected the IdP's issuer, an http: or https: URL`,
    );
  }
  // The issuer as typed: RFC 8414 §3.3 compares it with the metadata's exactly (a URL parser adds a slash).
  return { issuer: options.idp, clientId: options.idpClientId };
}

/** `--authorize-param key=value`, repeated: an object, never one of the parameters the sign-in owns. */
function authorizationParams(texts: readonly string[]): Record<string, string> | undefined {
  if (texts.length === 0) return undefined;
  const params: Record<string, string> = {};
  for (const text of texts) {
    const equals = text.indexOf('=');
    const key = equals > 0 ? text.slice(0, equals) : '';
    if (key === '') throw new UsageError(`--authorize-param expects key=value, got ${JSON.stringify(text)}`);
    const problem = ownedParameterProblem(key, (name) => SETTING_NAMES[name].cli);
    if (problem) throw new UsageError(`--authorize-param ${problem}`);
    if (Object.hasOwn(params, key)) throw new UsageError(`--authorize-param gives ${key} twice`);
    params[key] = text.slice(equals + 1);
  }
  return params;
}

/** A flag's value checked by `problem`; the value is quoted back (none of these is a secret). */
function checked(flag: string, value: string | undefined, problem: (value: string) => string | undefined) {
  if (value === undefined) return undefined;
  const found = problem(value);
  if (found) throw new UsageError(`${flag} ${found}, got ${JSON.stringify(value)}`);
  return value;
}

/** The session's OAuth settings from the flags (the secret already read), or a UsageError naming the flag. */
export function oauthSettingsFromFlags(
  options: OAuthFlags,
  clientSecret: string | undefined,
): Omit<OAuthSessionSettings, 'store'> {
  const redirectUri = checked('--redirect-uri', options.redirectUri, loopbackRedirectProblem);
  const callbackPort =
    options.callbackPort !== undefined
      ? parsePort(options.callbackPort, '--callback-port')
      : DEFAULT_CALLBACK_PORT;
  const method = checked('--token-auth-method', options.tokenAuthMethod, (value) =>
    isTokenEndpointAuthMethod(value) ? undefined : TOKEN_ENDPOINT_AUTH_METHOD_PROBLEM,
  );
  const resource: string | false | undefined =
    options.resource === false
      ? false
      : checked('--resource', options.resource, (value) => resourceProblem(value));
  if (options.account !== undefined && !isAccountName(options.account)) {
    const shown = shownAccount(options.account);
    throw new UsageError(`--account ${shown ? `${shown} ` : ''}${ACCOUNT_NAME_PROBLEM}`);
  }
  const settings = {
    // The redirect URI names its port: it overrides --callback-port, as redirect_uri overrides callback_port.
    callbackPort: redirectUri !== undefined ? loopbackAddress(redirectUri).port : callbackPort,
    ...definedFields({
      clientId: options.clientId,
      clientSecret,
      scope: options.scope,
      redirectUri,
      tokenEndpointAuthMethod: method !== undefined && isTokenEndpointAuthMethod(method) ? method : undefined,
      authorizationParams: authorizationParams(options.authorizeParam ?? []),
      resource,
      trustIssuer: checked('--trust-issuer', options.trustIssuer, trustIssuerProblem),
      clientName: options.clientName,
      useIdToken: options.useIdToken,
      account: options.account,
      enterprise: enterpriseOption(options),
      clientMetadataUrl: checked('--client-metadata-url', options.clientMetadataUrl, (url) =>
        isClientMetadataDocumentUrl(url)
          ? undefined
          : 'must be an https: URL with a path and no fragment (http: only on 127.0.0.1, localhost or [::1])',
      ),
    }),
  };
  const combination = settingsProblem(settings);
  if (combination) {
    throw new UsageError(`${SETTING_NAMES[combination.name].cli} ${combination.problem}`);
  }
  return settings;
}

/** Whether two sessions' OAuth settings sign in the same way (their tokens then carry over). */
export function sameOAuthSettings(
  a: Omit<OAuthSessionSettings, 'store'> | undefined,
  b: Omit<OAuthSessionSettings, 'store'> | undefined,
): boolean {
  const shape = (settings: typeof a) => {
    if (!settings) return undefined;
    const { store: _store, clientSecret: _secret, ...rest } = settings as OAuthSessionSettings;
    return JSON.stringify(Object.entries(rest).sort(([x], [y]) => (x < y ? -1 : 1)));
  };
  return shape(a) === shape(b);
}
