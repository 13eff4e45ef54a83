/**
 * A saved session's OAuth settings as the `connect` flags that give them, for the command a signed-out session
 * names to sign in again: the same sign-in, never the secret itself (its flag names a variable to fill in).
 */
import { DEFAULT_CALLBACK_PORT } from '../../node/oauth/loopbackCallback';
import type { OAuthSessionSettings } from './sessionsFile';

/** A value as one shell word: plain ones as they are, others single-quoted. */
function word(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

export function signInFlags(oauth: OAuthSessionSettings | undefined): string[] {
  if (!oauth) return [];
  const flags: string[] = [];
  const add = (flag: string, value: string | undefined) => {
    if (value !== undefined) flags.push(flag, word(value));
  };
  // A redirect URI names its own port.
  if (oauth.redirectUri === undefined && oauth.callbackPort !== DEFAULT_CALLBACK_PORT) {
    add('--callback-port', String(oauth.callbackPort));
  }
  add('--redirect-uri', oauth.redirectUri);
  add('--client-id', oauth.clientId);
  if (oauth.clientSecret !== undefined) flags.push('--client-secret-env', '<VAR>');
  add('--scope', oauth.scope);
  add('--token-auth-method', oauth.tokenEndpointAuthMethod);
  for (const [key, value] of Object.entries(oauth.authorizationParams ?? {})) {
    add('--authorize-param', `${key}=${value}`);
  }
  if (oauth.resource === false) flags.push('--no-resource');
  else add('--resource', oauth.resource);
  add('--trust-issuer', oauth.trustIssuer);
  add('--client-name', oauth.clientName);
  if (oauth.useIdToken) flags.push('--use-id-token');
  add('--client-metadata-url', oauth.clientMetadataUrl);
  add('--account', oauth.account);
  add('--idp', oauth.enterprise?.issuer);
  add('--idp-client-id', oauth.enterprise?.clientId);
  return flags;
}
