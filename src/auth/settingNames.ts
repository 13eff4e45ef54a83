/**
 * What each OAuth setting is called on each surface: a config entry (snake_case), `useMcp` (camelCase) and the
 * CLI (flags). Errors that a setting fixes name it in all three, so the message is right whichever surface the
 * user is on.
 */
import type { OAuthClientSettings } from './clientSettings';

/** The engine's settings, and the loopback port that only Node and the CLI have. */
export type SettingName = keyof OAuthClientSettings | 'callbackPort';

interface SurfaceNames {
  config: string;
  /** Undefined where `useMcp` has no such option. */
  useMcp?: string;
  cli: string;
}

export const SETTING_NAMES: Record<SettingName, SurfaceNames> = {
  clientId: { config: 'client_id', useMcp: 'clientId', cli: '--client-id' },
  // A secret never belongs in a browser bundle: the CLI takes it from the environment.
  clientSecret: { config: 'client_secret', cli: '--client-secret-env' },
  clientMetadataUrl: {
    config: 'client_metadata_url',
    useMcp: 'clientMetadataUrl',
    cli: '--client-metadata-url',
  },
  clientName: { config: 'client_name', useMcp: 'clientName', cli: '--client-name' },
  scope: { config: 'scope', useMcp: 'scope', cli: '--scope' },
  account: { config: 'account', useMcp: 'account', cli: '--account' },
  callbackUrl: { config: 'redirect_uri', useMcp: 'callbackUrl', cli: '--redirect-uri' },
  callbackPort: { config: 'callback_port', cli: '--callback-port' },
  tokenEndpointAuthMethod: {
    config: 'token_endpoint_auth_method',
    useMcp: 'tokenEndpointAuthMethod',
    cli: '--token-auth-method',
  },
  authorizationParams: {
    config: 'authorization_params',
    useMcp: 'authorizationParams',
    cli: '--authorize-param',
  },
  resource: { config: 'resource', useMcp: 'resource', cli: '--resource' },
  trustIssuer: { config: 'trust_issuer', useMcp: 'trustIssuer', cli: '--trust-issuer' },
  useIdToken: { config: 'use_id_token', useMcp: 'useIdToken', cli: '--use-id-token' },
};

/** "`client_id` (config), `clientId` (useMcp) or `--client-id` (CLI)" */
export function settingOnEachSurface(name: SettingName): string {
  const { config, useMcp, cli } = SETTING_NAMES[name];
  const names = [`\`${config}\` (config)`, ...(useMcp ? [`\`${useMcp}\` (useMcp)`] : []), `\`${cli}\` (CLI)`];
  return `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

/** "set `resource` to false (config, useMcp) or connect with `--no-resource` (CLI)" */
export const OMIT_RESOURCE = 'set `resource` to false (config, useMcp) or connect with `--no-resource` (CLI)';
