// The rules of the OAuth settings, as the engine applies them before a sign-in: a wrong value is refused with an
// OAuthSettingError naming the setting, before any request reaches a server.
import { describe, expect, it } from 'vitest';
import { OAuthSession } from '../../../src/auth/OAuthSession';
import { createMemoryStore } from '../../../src/auth/memoryStore';
import { settingsProblem } from '../../../src/auth/settingRules';
import { settingOnEachSurface } from '../../../src/auth/settingNames';
import { OAuthSettingError } from '../../../src/index';

describe('settingsProblem', () => {
  it.each([
    [
      { authorizationParams: { state: 'x' } },
      'authorizationParams',
      'may not set state: the sign-in sets it itself',
    ],
    [
      { authorizationParams: { code_challenge_x: 'x' } },
      'authorizationParams',
      'may not set code_challenge_x: the sign-in sets it itself',
    ],
    [{ authorizationParams: { scope: 'x' } }, 'authorizationParams', 'may not set scope: use scope instead'],
    [
      { authorizationParams: { redirect_uri: 'x' } },
      'authorizationParams',
      'may not set redirect_uri: use callbackUrl instead',
    ],
    [
      { resource: 'not-a-url' },
      'resource',
      'must be false (leave the resource parameter out) or an absolute URL without a fragment',
    ],
    [{ trustIssuer: 'nope' }, 'trustIssuer', 'must be the issuer URL to accept, as its metadata writes it'],
    [
      { tokenEndpointAuthMethod: 'none' as const, clientSecret: 's' },
      'tokenEndpointAuthMethod',
      'is none, which sends no client secret, yet one is set',
    ],
    [
      { tokenEndpointAuthMethod: 'client_secret_post' as const, clientId: 'c' },
      'tokenEndpointAuthMethod',
      "is client_secret_post, which needs the client's secret",
    ],
  ])('%j: %s %s', (settings, name, problem) => {
    expect(settingsProblem(settings)).toEqual({ name, problem });
  });

  it('accepts what the documentation shows', () => {
    expect(
      settingsProblem({
        clientId: 'c',
        clientSecret: 's',
        tokenEndpointAuthMethod: 'client_secret_basic',
        authorizationParams: {
          audience: 'https://api.example.com',
          access_type: 'offline',
          prompt: 'consent',
        },
        resource: false,
        trustIssuer: 'https://auth.example.com',
      }),
    ).toBeUndefined();
  });
});

describe('the engine before a sign-in', () => {
  it('refuses a wrong setting with OAuthSettingError before any request', async () => {
    let requests = 0;
    const session = new OAuthSession(
      {
        serverUrl: 'https://mcp.example.com/mcp',
        callbackUrl: 'http://127.0.0.1:1/cb',
        authorizationParams: { state: 'x' },
      },
      {
        store: createMemoryStore(),
        fetch: async () => {
          requests += 1;
          return new Response(null, { status: 500 });
        },
      },
    );
    const error = await session.prepareAuthorization({ flow: 'loopback' }).catch((e) => e);
    expect(error).toBeInstanceOf(OAuthSettingError);
    expect(error).toMatchObject({ code: 'auth_invalid_setting', setting: 'authorizationParams' });
    expect(error.message).toBe(
      'The OAuth setting authorizationParams may not set state: the sign-in sets it itself',
    );
    expect(requests).toBe(0);
  });
});

describe('settingOnEachSurface', () => {
  it('names a setting as each surface spells it, and leaves out useMcp where it has none', () => {
    expect(settingOnEachSurface('trustIssuer')).toBe(
      '`trust_issuer` (config), `trustIssuer` (useMcp) or `--trust-issuer` (CLI)',
    );
    expect(settingOnEachSurface('callbackPort')).toBe('`callback_port` (config) or `--callback-port` (CLI)');
  });
});
