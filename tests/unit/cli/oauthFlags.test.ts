// The CLI's OAuth flags mean what the config entry's settings mean: flags → saved session settings → the config
// entry the session connects with.
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import {
  addOAuthOptions,
  type OAuthFlags,
  oauthSettingsFromFlags,
} from '../../../src/cli/commands/oauthOptions';
import { UsageError } from '../../../src/cli/errors';
import { serverEntry } from '../../../src/cli/sessions/openSession';

function parse(args: string[]): OAuthFlags {
  const command = addOAuthOptions(new Command('connect').exitOverride());
  command.parse(args, { from: 'user' });
  return command.opts<OAuthFlags>();
}

/** The config entry's `auth` a session saved with these flags connects with. */
function configOf(args: string[], secret?: string) {
  const oauth = { ...oauthSettingsFromFlags(parse(args), secret), store: {} };
  const entry = serverEntry({
    transport: 'http',
    url: 'https://mcp.example.com/mcp',
    oauth,
    id: 'x',
    createdAt: '2026-01-01T00:00:00.000Z',
  });
  return entry.auth;
}

describe('the OAuth flags of connect', () => {
  it('give the same settings as the config entry, named as the issue table names them', () => {
    expect(
      configOf(
        [
          '--redirect-uri',
          'http://localhost:3118/slack/oauth',
          '--token-auth-method',
          'client_secret_post',
          '--authorize-param',
          'access_type=offline',
          '--authorize-param',
          'prompt=consent',
          '--resource',
          'https://api.example.com/',
          '--trust-issuer',
          'https://login.example.com',
          '--client-name',
          'Approved Client',
          '--use-id-token',
          '--client-id',
          'app',
          '--client-metadata-url',
          'https://app.example.com/client.json',
          '--scope',
          'a b',
        ],
        'the-secret',
      ),
    ).toEqual({
      redirect_uri: 'http://localhost:3118/slack/oauth',
      token_endpoint_auth_method: 'client_secret_post',
      authorization_params: { access_type: 'offline', prompt: 'consent' },
      resource: 'https://api.example.com/',
      trust_issuer: 'https://login.example.com',
      client_name: 'Approved Client',
      use_id_token: true,
      client_id: 'app',
      client_secret: 'the-secret',
      client_metadata_url: 'https://app.example.com/client.json',
      scope: 'a b',
    });
  });

  it('--no-resource is resource: false; --callback-port is callback_port', () => {
    expect(configOf(['--no-resource', '--callback-port', '9000'])).toEqual({
      resource: false,
      callback_port: 9000,
    });
  });

  it('refuse values the engine could not use, naming the flag', () => {
    const refused = (args: string[]) => {
      try {
        oauthSettingsFromFlags(parse(args), undefined);
      } catch (error) {
        expect(error).toBeInstanceOf(UsageError);
        return (error as Error).message;
      }
      throw new Error('not refused');
    };
    expect(refused(['--token-auth-method', 'private_key_jwt'])).toMatch(
      /^--token-auth-method must be one of/,
    );
    expect(refused(['--authorize-param', 'state=x'])).toMatch(/^--authorize-param may not set state/);
    expect(refused(['--authorize-param', 'novalue'])).toMatch(/^--authorize-param expects key=value/);
    expect(refused(['--redirect-uri', 'https://app.example.com/callback'])).toMatch(/^--redirect-uri /);
    expect(refused(['--trust-issuer', 'not a url'])).toMatch(/^--trust-issuer must be the issuer URL/);
    expect(refused(['--resource', 'https://api.example.com/#x'])).toMatch(/^--resource must be false/);
  });
});
