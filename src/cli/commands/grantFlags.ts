/**
 * The grant flags of `connect`: how the session gets its tokens — the browser (default), `--device-code[=auto]`
 * or `--client-credentials` with a secret or `--private-key FILE` — checked against the client flags and saved
 * with the session. Room for more grants (an enterprise IdP) beside these.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../errors';
import type { OAuthSessionSettings } from '../sessions/sessionsFile';
import type { OAuthFlags } from './oauthOptions';

export interface GrantFlags {
  /** `--device-code` (true) or `--device-code=auto`. */
  deviceCode?: string | boolean;
  clientCredentials?: boolean;
  privateKey?: string;
}

const GRANT_FLAG_NAMES: Record<keyof GrantFlags, string> = {
  deviceCode: '--device-code',
  clientCredentials: '--client-credentials',
  privateKey: '--private-key',
};

/** The grant flags given, as typed. */
export function grantFlagsGiven(options: GrantFlags): string[] {
  return (Object.keys(GRANT_FLAG_NAMES) as (keyof GrantFlags)[])
    .filter((key) => options[key] !== undefined && options[key] !== false)
    .map((key) => GRANT_FLAG_NAMES[key]);
}

/** Checks the grant flags against the client flags (before any secret is asked for): the session's grant settings. */
export function grantSettings(
  options: GrantFlags & OAuthFlags,
): Pick<OAuthSessionSettings, 'grant' | 'deviceCodeFallback' | 'privateKeyFile'> {
  const { deviceCode, clientCredentials, privateKey } = options;
  if (deviceCode !== undefined && deviceCode !== true && deviceCode !== 'auto') {
    throw new UsageError(
      '--device-code takes no value, or =auto (a device code only when no browser can be opened)',
    );
  }
  if (deviceCode !== undefined && clientCredentials) {
    throw new UsageError('Give --device-code or --client-credentials, not both');
  }
  if (clientCredentials) {
    if (options.clientId === undefined) {
      throw new UsageError('--client-credentials needs the pre-registered client: --client-id <id>');
    }
    const secretGiven = options.clientSecret !== undefined || options.clientSecretEnv !== undefined;
    if (!secretGiven && privateKey === undefined) {
      throw new UsageError(
        '--client-credentials needs the client to authenticate: --client-secret-env <VAR>, --client-secret -, or --private-key <file>',
      );
    }
    if (secretGiven && privateKey !== undefined)
      throw new UsageError('Give a client secret or --private-key, not both');
    // Kept absolute, so that later commands find it from any folder.
    return {
      grant: 'client_credentials',
      ...(privateKey !== undefined ? { privateKeyFile: resolve(privateKey) } : {}),
    };
  }
  if (privateKey !== undefined) throw new UsageError('--private-key goes with --client-credentials');
  if (deviceCode === 'auto') return { deviceCodeFallback: true };
  if (deviceCode === true) return { grant: 'device_code' };
  return {};
}

export function addGrantOptions(command: Command): Command {
  return command
    .option(
      '--device-code [auto]',
      'sign in with a code entered on another device (RFC 8628); =auto: only when no browser can be opened here',
    )
    .option(
      '--client-credentials',
      'no user: the client signs in as itself (needs --client-id and a secret or --private-key)',
    )
    .option(
      '--private-key <file>',
      'PEM private key of the client (private_key_jwt), read each time it is used',
    );
}
