import { describe, expect, it } from 'vitest';
import { parseBearerChallenge } from '../../../src/auth/wwwAuthenticate';

describe('parseBearerChallenge', () => {
  it('reads error, scope and resource_metadata of a Bearer challenge (RFC 6750 §3, RFC 9728 §5.1)', () => {
    const header =
      'Bearer error="insufficient_scope", scope="files:read files:write", ' +
      'resource_metadata="https://mcp.example.com/.well-known/oauth-protected-resource/mcp"';
    expect(parseBearerChallenge(header)).toEqual({
      error: 'insufficient_scope',
      scope: 'files:read files:write',
      resourceMetadata: 'https://mcp.example.com/.well-known/oauth-protected-resource/mcp',
    });
  });

  it('finds the Bearer challenge among several, case-insensitively', () => {
    const header = 'Basic realm="legacy", DPoP algs="ES256", bearer realm="mcp", error=invalid_token';
    expect(parseBearerChallenge(header)).toEqual({ realm: 'mcp', error: 'invalid_token' });
  });

  it('finds the Bearer challenge behind token68 challenges (RFC 9110 §11.2)', () => {
    const metadata = 'http://127.0.0.1:3000/.well-known/oauth-protected-resource/mcp';
    expect(parseBearerChallenge(`Negotiate abc==, Bearer resource_metadata="${metadata}"`)).toEqual({
      resourceMetadata: metadata,
    });
    expect(
      parseBearerChallenge(
        'Basic dXNlcjpwYXNz, Negotiate YII/+Ab9=  , Bearer error="invalid_token", scope=a',
      ),
    ).toEqual({ error: 'invalid_token', scope: 'a' });
    // A token68 as the last challenge, and a token68 without padding.
    expect(parseBearerChallenge('Bearer realm="r", Negotiate abc==')).toEqual({ realm: 'r' });
    expect(parseBearerChallenge('Negotiate abc, Bearer realm="r"')).toEqual({ realm: 'r' });
  });

  it('unescapes quoted strings', () => {
    expect(parseBearerChallenge('Bearer error_description="a \\"quoted\\" word"')).toEqual({
      errorDescription: 'a "quoted" word',
    });
  });

  it('returns undefined without a Bearer challenge or header', () => {
    expect(parseBearerChallenge('Basic realm="x"')).toBeUndefined();
    expect(parseBearerChallenge(null)).toBeUndefined();
    expect(parseBearerChallenge('')).toBeUndefined();
  });

  it('accepts a bare Bearer challenge', () => {
    expect(parseBearerChallenge('Bearer')).toEqual({});
  });
});
