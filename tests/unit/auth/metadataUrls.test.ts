import { describe, expect, it } from 'vitest';
import { authorizationServerMetadataUrls } from '../../../src/auth/discoverAuthorizationServer';
import { protectedResourceMetadataUrls } from '../../../src/auth/discoverProtectedResource';
import { canonicalServerUrl, resourceMatchesServer } from '../../../src/auth/resourceIdentifier';

describe('authorizationServerMetadataUrls (MCP authorization server discovery order)', () => {
  it('tries RFC 8414 insertion, OIDC insertion, then OIDC append for an issuer with a path', () => {
    expect(authorizationServerMetadataUrls('https://auth.example.com/tenant1')).toEqual([
      'https://auth.example.com/.well-known/oauth-authorization-server/tenant1',
      'https://auth.example.com/.well-known/openid-configuration/tenant1',
      'https://auth.example.com/tenant1/.well-known/openid-configuration',
    ]);
  });

  it('tries RFC 8414 then OIDC at the root for an issuer without a path', () => {
    expect(authorizationServerMetadataUrls('https://auth.example.com')).toEqual([
      'https://auth.example.com/.well-known/oauth-authorization-server',
      'https://auth.example.com/.well-known/openid-configuration',
    ]);
  });
});

describe('protectedResourceMetadataUrls (RFC 9728)', () => {
  it('puts the challenge URL first, then the path-aware and the root well-known URLs', () => {
    expect(
      protectedResourceMetadataUrls('https://mcp.example.com/api/mcp', 'https://meta.example.com/prm'),
    ).toEqual([
      'https://meta.example.com/prm',
      'https://mcp.example.com/.well-known/oauth-protected-resource/api/mcp',
      'https://mcp.example.com/.well-known/oauth-protected-resource',
    ]);
  });

  it('has only the root URL for a server at the root', () => {
    expect(protectedResourceMetadataUrls('https://mcp.example.com/')).toEqual([
      'https://mcp.example.com/.well-known/oauth-protected-resource',
    ]);
  });
});

describe('resourceMatchesServer', () => {
  it.each([
    ['https://mcp.example.com/mcp', 'https://mcp.example.com/mcp', true],
    ['https://mcp.example.com/mcp/', 'https://mcp.example.com/mcp', true],
    ['https://mcp.example.com', 'https://mcp.example.com/mcp', true],
    ['https://mcp.example.com/api', 'https://mcp.example.com/api/mcp', true],
    ['https://mcp.example.com/mcp', 'https://mcp.example.com/mcp-admin', false],
    ['https://mcp.example.com/other', 'https://mcp.example.com/mcp', false],
    ['https://evil.example.com/mcp', 'https://mcp.example.com/mcp', false],
    ['http://mcp.example.com/mcp', 'https://mcp.example.com/mcp', false],
    ['not a url', 'https://mcp.example.com/mcp', false],
  ])('%s for %s → %s', (resource, server, expected) => {
    expect(resourceMatchesServer(resource, server)).toBe(expected);
  });
});

describe('canonicalServerUrl (RFC 8707 resource)', () => {
  it('lowercases scheme and host and drops the fragment', () => {
    expect(canonicalServerUrl('HTTPS://MCP.Example.com/Path#frag')).toBe('https://mcp.example.com/Path');
  });
});
