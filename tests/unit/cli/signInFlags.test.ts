import { describe, expect, it } from 'vitest';
import { signInFlags } from '../../../src/cli/sessions/signInFlags';

describe('the flags that sign a saved session in again', () => {
  it('repeat every saved setting, the secret as a variable to fill in', () => {
    expect(
      signInFlags({
        callbackPort: 3118,
        redirectUri: 'http://localhost:3118/slack/oauth',
        clientId: 'app',
        clientSecret: 'never-printed',
        scope: 'api://app/.default offline_access',
        tokenEndpointAuthMethod: 'client_secret_post',
        authorizationParams: { access_type: 'offline', prompt: 'consent' },
        resource: false,
        trustIssuer: 'https://login.example.com',
        clientName: "Bob's client",
        useIdToken: true,
        clientMetadataUrl: 'https://app.example.com/client.json',
        store: {},
      }).join(' '),
    ).toBe(
      [
        '--redirect-uri http://localhost:3118/slack/oauth --client-id app --client-secret-env <VAR>',
        "--scope 'api://app/.default offline_access' --token-auth-method client_secret_post",
        '--authorize-param access_type=offline --authorize-param prompt=consent --no-resource',
        "--trust-issuer https://login.example.com --client-name 'Bob'\\''s client' --use-id-token",
        '--client-metadata-url https://app.example.com/client.json',
      ].join(' '),
    );
  });

  it('name a port only when it is not the default and no redirect URI names it', () => {
    expect(signInFlags({ callbackPort: 8080, store: {} })).toEqual([]);
    expect(signInFlags({ callbackPort: 9000, resource: 'https://api.example.com/', store: {} })).toEqual([
      '--callback-port',
      '9000',
      '--resource',
      'https://api.example.com/',
    ]);
  });
});
