/**
 * The OAuth flags of `connect`: which grant (the browser, `--device-code[=auto]`, `--client-credentials`), the
 * client (`--client-id`, its secret or `--private-key FILE`), the scope and the callback port — checked together
 * and turned into the session's OAuth settings. Room for more grants (an enterprise IdP) beside these.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { DEFAULT_CALLBACK_PORT } from '../../node/oauth/loopbackCallback';
import { UsageError } from '../errors';
import { parsePort } from '../parseInput';
import type { OAuthSessionSettings } from '../sessions/sessionsFile';

export interface OAuthFlags {
  callbackPort?: string;
  clientId?: string;
  clientSecret?: string;
  clientSecretEnv?: string;
  scope?: string;
  /** `--device-code` (true) or `--device-code=auto`. */
  deviceCode?: string | boolean;
  clientCredentials?: boolean;
  privateKey?: string;
  account?: string;
}

/** The flags, as typed, that make a session sign in with OAuth rather than a static token. */
export const OAUTH_FLAGS = {
  callbackPort: '--callback-port',
  clientId: '--client-id',
  clientSecret: '--client-secret',
  clientSecretEnv: '--client-secret-env',
  scope: '--scope',
  deviceCode: '--device-code',
  clientCredentials: '--client-credentials',
  privateKey: '--private-key',
  account: '--account',
} as const satisfies Record<keyof OAuthFlags, string>;

/** The OAuth flags given, by the name the user typed. */
export function oauthFlagsGiven(options: OAuthFlags): string[] {
  return (Object.keys(OAUTH_FLAGS) as (keyof OAuthFlags)[])
    .filter((key) => options[key] !== undefined && options[key] !== false)
    .map((key) => OAUTH_FLAGS[key]);
}

/** Checks the flags against each other (before any secret is asked for) and returns the grant settings. */
export function grantSettings(
  options: OAuthFlags,
): Pick<OAuthSessionSettings, 'callbackPort' | 'grant' | 'deviceCodeFallback' | 'privateKeyFile'> {
  const callbackPort =
    options.callbackPort !== undefined
      ? parsePort(options.callbackPort, '--callback-port')
      : DEFAULT_CALLBACK_PORT;
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
    if (secretGiven && privateKey !== undefined) {
      throw new UsageError('Give a client secret or --private-key, not both');
    }
    return {
      callbackPort,
      grant: 'client_credentials',
      // Kept absolute, so that later commands find it from any folder.
      ...(privateKey !== undefined ? { privateKeyFile: resolve(privateKey) } : {}),
    };
  }
  if (privateKey !== undefined) throw new UsageError('--private-key goes with --client-credentials');
  if (deviceCode === 'auto') return { callbackPort, deviceCodeFallback: true };
  if (deviceCode === true) return { callbackPort, grant: 'device_code' };
  return { callbackPort };
}

export function oauthOptions(command: Command): Command {
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
      '--account <name>',
      'which of your accounts on this server (e.g. work, personal): each signs in and keeps tokens on its own',
    )
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
