/**
 * The rules the OAuth settings' values follow, in one place: the engine checks them before a sign-in (so
 * `useMcp` gets them), the config schema and the CLI apply the same functions to report a problem in their
 * own terms (a field path, a flag). Each returns a description of the problem, or undefined when all is well.
 */
import type { OAuthClientSettings } from './clientSettings';
import { SETTING_NAMES, type SettingName } from './settingNames';
import type { TokenEndpointAuthMethod } from './types';

/** RFC 6749 §2.3 client authentication methods the engine implements (`private_key_jwt` may join them). */
export const TOKEN_ENDPOINT_AUTH_METHODS = [
  'client_secret_basic',
  'client_secret_post',
  'none',
] as const satisfies readonly TokenEndpointAuthMethod[];

export function isTokenEndpointAuthMethod(value: unknown): value is TokenEndpointAuthMethod {
  return (TOKEN_ENDPOINT_AUTH_METHODS as readonly unknown[]).includes(value);
}

export const TOKEN_ENDPOINT_AUTH_METHOD_PROBLEM = `must be one of ${TOKEN_ENDPOINT_AUTH_METHODS.join(', ')}`;

/**
 * Authorization-request parameters the engine sets itself, and the setting to use instead where there is one.
 * Letting `authorizationParams` replace them would undo PKCE (RFC 7636), the CSRF `state` (RFC 6749 §10.12), the
 * redirect the sign-in comes back to, or the audience of the token (RFC 8707); a request object (RFC 9101) would
 * replace all of them at once.
 */
const ENGINE_OWNED_PARAMETERS: Record<string, SettingName | undefined> = {
  state: undefined,
  code_challenge: undefined,
  code_challenge_method: undefined,
  response_type: undefined,
  response_mode: undefined,
  request: undefined,
  request_uri: undefined,
  redirect_uri: 'callbackUrl',
  client_id: 'clientId',
  resource: 'resource',
  scope: 'scope',
};

/** Why `key` cannot be an extra authorization parameter, naming (by `name`) the setting to use instead. */
export function ownedParameterProblem(
  key: string,
  name: (setting: SettingName) => string,
): string | undefined {
  if (key.trim() === '') return 'has a parameter with an empty name';
  const owned = Object.hasOwn(ENGINE_OWNED_PARAMETERS, key) || key.startsWith('code_challenge');
  if (!owned) return undefined;
  const instead = ENGINE_OWNED_PARAMETERS[key];
  return instead
    ? `may not set ${key}: use ${name(instead)} instead`
    : `may not set ${key}: the sign-in sets it itself`;
}

/** An absolute http(s) URL (the engine applies its https rules where the URL is used). */
function isHttpUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const { protocol } = new URL(value);
  return protocol === 'https:' || protocol === 'http:';
}

/** RFC 8707 §2: an absolute URI without a fragment. */
export function resourceProblem(value: unknown): string | undefined {
  if (value === false) return undefined;
  if (typeof value === 'string' && isHttpUrl(value) && !value.includes('#')) return undefined;
  return 'must be false (leave the resource parameter out) or an absolute URL without a fragment';
}

export function trustIssuerProblem(value: string): string | undefined {
  return isHttpUrl(value) ? undefined : 'must be the issuer URL to accept, as its metadata writes it';
}

/** The problem with a combination of settings, or undefined. */
function combinationProblem(
  settings: OAuthClientSettings,
): { name: SettingName; problem: string } | undefined {
  const method = settings.tokenEndpointAuthMethod;
  if (method === 'none' && settings.clientSecret !== undefined) {
    return {
      name: 'tokenEndpointAuthMethod',
      problem: 'is none, which sends no client secret, yet one is set',
    };
  }
  if (method?.startsWith('client_secret') && settings.clientId !== undefined && !settings.clientSecret) {
    return { name: 'tokenEndpointAuthMethod', problem: `is ${method}, which needs the client's secret` };
  }
  return undefined;
}

/**
 * The first problem among the settings, as `{ name, problem }` (`problem` reads after the setting's name);
 * `name` and the surface's own naming are the caller's.
 */
export function settingsProblem(
  settings: OAuthClientSettings,
): { name: SettingName; problem: string } | undefined {
  const { tokenEndpointAuthMethod, authorizationParams, resource, trustIssuer } = settings;
  if (tokenEndpointAuthMethod !== undefined && !isTokenEndpointAuthMethod(tokenEndpointAuthMethod)) {
    return { name: 'tokenEndpointAuthMethod', problem: TOKEN_ENDPOINT_AUTH_METHOD_PROBLEM };
  }
  for (const [key, value] of Object.entries(authorizationParams ?? {})) {
    const problem =
      ownedParameterProblem(
        key,
        (setting) => SETTING_NAMES[setting].useMcp ?? SETTING_NAMES[setting].config,
      ) ?? (typeof value === 'string' ? undefined : `has a value for ${key} that is not a string`);
    if (problem) return { name: 'authorizationParams', problem };
  }
  if (resource !== undefined) {
    const problem = resourceProblem(resource);
    if (problem) return { name: 'resource', problem };
  }
  if (trustIssuer !== undefined) {
    const problem = trustIssuerProblem(trustIssuer);
    if (problem) return { name: 'trustIssuer', problem };
  }
  return combinationProblem(settings);
}
