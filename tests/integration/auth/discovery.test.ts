// Discovery against the real authorization server (oidc-provider) and MCP server, with small forged servers on
// 127.0.0.1 for the metadata a real server would never serve (wrong resource, wrong issuer, no S256, no PRM).
import { afterEach, describe, expect, it } from 'vitest';
import {
  DiscoveryError,
  discoverServer,
  InsecureUrlError,
  IssuerMismatchError,
  OAuthSession,
  PkceUnsupportedError,
  ResourceMismatchError,
  resolveEnv,
} from '../../../src/auth/index';
import { asMetadata, type LocalServer, type Route, startLocalServer, testEnv } from './helpers';
import { CALLBACK_URL, startOAuthStack } from './oauthStack';

const stack = startOAuthStack();
const forged: LocalServer[] = [];

afterEach(async () => {
  await Promise.all(forged.splice(0).map((server) => server.close()));
});

async function forge(route: Route): Promise<LocalServer> {
  const server = await startLocalServer(route);
  forged.push(server);
  return server;
}

const json = (body: unknown) => ({ status: 200, json: body });

describe('protected resource metadata (RFC 9728)', () => {
  it('is read from the URL in the 401 resource_metadata parameter', async () => {
    const server = await forge(({ path, origin }) =>
      path === '/custom/prm.json'
        ? json({ resource: `${origin}/mcp`, authorization_servers: [stack.authServer.issuer] })
        : undefined,
    );
    const record = await discoverServer(
      { serverUrl: `${server.origin}/mcp`, resourceMetadataUrl: `${server.origin}/custom/prm.json` },
      resolveEnv(testEnv()),
    );
    expect(record.resourceMetadataUrl).toBe(`${server.origin}/custom/prm.json`);
    expect(record.authorizationServer.issuer).toBe(stack.authServer.issuer);
    expect(record.source).toBe('protected_resource_metadata');
    expect(server.hits).toEqual(['GET /custom/prm.json']);
  });

  it('falls back to the path-aware well-known URL when the 401 names none', async () => {
    const record = await discoverServer({ serverUrl: stack.mcpServer.url }, resolveEnv(testEnv()));
    expect(record.resourceMetadataUrl).toBe(stack.mcpServer.resourceMetadataUrl);
    expect(record.resource).toBe(stack.mcpServer.url);
  });

  it('falls back to the root well-known URL last', async () => {
    const server = await forge(({ path, origin }) =>
      path === '/.well-known/oauth-protected-resource'
        ? json({ resource: origin, authorization_servers: [stack.authServer.issuer] })
        : undefined,
    );
    const record = await discoverServer({ serverUrl: `${server.origin}/mcp` }, resolveEnv(testEnv()));
    expect(server.hits).toEqual([
      'GET /.well-known/oauth-protected-resource/mcp',
      'GET /.well-known/oauth-protected-resource',
    ]);
    expect(record.resource).toBe(server.origin);
  });

  it('refuses metadata whose resource is another server', async () => {
    const server = await forge(({ path, origin }) =>
      path === '/.well-known/oauth-protected-resource/mcp'
        ? json({ resource: `${origin}/other`, authorization_servers: [stack.authServer.issuer] })
        : undefined,
    );
    const error = await discoverServer({ serverUrl: `${server.origin}/mcp` }, resolveEnv(testEnv())).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(ResourceMismatchError);
    expect(error).toMatchObject({
      code: 'auth_resource_mismatch',
      expected: `${server.origin}/mcp`,
      actual: `${server.origin}/other`,
    });
    // Refused, not skipped: the root metadata is never consulted after a mismatch.
    expect(server.hits).toEqual(['GET /.well-known/oauth-protected-resource/mcp']);
  });

  it('refuses metadata that lists no authorization server', async () => {
    const server = await forge(({ path, origin }) =>
      path === '/.well-known/oauth-protected-resource/mcp' ? json({ resource: `${origin}/mcp` }) : undefined,
    );
    const error = await discoverServer({ serverUrl: `${server.origin}/mcp` }, resolveEnv(testEnv())).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(DiscoveryError);
  });
});

describe('authorization server metadata', () => {
  /** A forged resource server whose PRM points at `issuerPath` on the same forged origin. */
  async function forgeWithIssuer(issuerPath: string, metadataRoute: Route): Promise<LocalServer> {
    return forge((request) => {
      const { path, origin } = request;
      if (path === '/.well-known/oauth-protected-resource/mcp') {
        return json({ resource: `${origin}/mcp`, authorization_servers: [`${origin}${issuerPath}`] });
      }
      return metadataRoute(request);
    });
  }

  it('tries RFC 8414 insertion, OIDC insertion, then OIDC append for an issuer with a path', async () => {
    const server = await forgeWithIssuer('/tenant', ({ path, origin }) =>
      path === '/tenant/.well-known/openid-configuration' ? json(asMetadata(`${origin}/tenant`)) : undefined,
    );
    const record = await discoverServer({ serverUrl: `${server.origin}/mcp` }, resolveEnv(testEnv()));
    expect(record.authorizationServer.issuer).toBe(`${server.origin}/tenant`);
    expect(server.hits.slice(1)).toEqual([
      'GET /.well-known/oauth-authorization-server/tenant',
      'GET /.well-known/openid-configuration/tenant',
      'GET /tenant/.well-known/openid-configuration',
    ]);
  });

  it('refuses metadata whose issuer differs from the one asked for', async () => {
    const server = await forgeWithIssuer('/tenant', ({ path, origin }) =>
      path.startsWith('/.well-known/oauth-authorization-server')
        ? json(asMetadata(`${origin}/evil`))
        : undefined,
    );
    const error = await discoverServer({ serverUrl: `${server.origin}/mcp` }, resolveEnv(testEnv())).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(IssuerMismatchError);
    expect(error).toMatchObject({
      where: 'metadata',
      expected: `${server.origin}/tenant`,
      actual: `${server.origin}/evil`,
    });
    expect(server.hits).not.toContain('GET /.well-known/openid-configuration/tenant');
  });

  it('refuses a same-origin issuer other than the one the protected resource names (RFC 8414 §3.3)', async () => {
    // The leniency of the 2025-03-26 fallback does not apply once protected-resource metadata names the issuer.
    const server = await forgeWithIssuer('', ({ path, origin }) =>
      path === '/.well-known/oauth-authorization-server' ? json(asMetadata(`${origin}/oauth`)) : undefined,
    );
    const error = await discoverServer({ serverUrl: `${server.origin}/mcp` }, resolveEnv(testEnv())).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(IssuerMismatchError);
    expect(error).toMatchObject({ expected: server.origin, actual: `${server.origin}/oauth` });
  });

  it('refuses an authorization server without S256 in code_challenge_methods_supported', async () => {
    const server = await forgeWithIssuer('', ({ path, origin }) =>
      path === '/.well-known/oauth-authorization-server'
        ? json(asMetadata(origin, { code_challenge_methods_supported: ['plain'] }))
        : undefined,
    );
    const error = await discoverServer({ serverUrl: `${server.origin}/mcp` }, resolveEnv(testEnv())).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(PkceUnsupportedError);
    expect(error).toMatchObject({ code: 'auth_pkce_unsupported', methods: ['plain'] });
  });

  it('refuses an authorization server that does not advertise PKCE methods at all', async () => {
    const server = await forgeWithIssuer('', ({ path, origin }) =>
      path === '/.well-known/oauth-authorization-server'
        ? json(asMetadata(origin, { code_challenge_methods_supported: undefined }))
        : undefined,
    );
    await expect(
      discoverServer({ serverUrl: `${server.origin}/mcp` }, resolveEnv(testEnv())),
    ).rejects.toBeInstanceOf(PkceUnsupportedError);
  });
});

describe('2025-03-26 servers without protected resource metadata', () => {
  it('use authorization server metadata at the MCP server origin', async () => {
    const server = await forge(({ path, origin }) =>
      path === '/.well-known/oauth-authorization-server' ? json(asMetadata(origin)) : undefined,
    );
    const record = await discoverServer({ serverUrl: `${server.origin}/mcp` }, resolveEnv(testEnv()));
    expect(record.source).toBe('legacy_origin_metadata');
    expect(record.authorizationServer.issuer).toBe(server.origin);
    expect(record.resource).toBe(`${server.origin}/mcp`);
  });

  it('accept origin metadata naming an issuer elsewhere on the same origin, and use that issuer', async () => {
    const server = await forge(({ method, path, body, origin }) => {
      if (path === '/.well-known/oauth-authorization-server') {
        return json(asMetadata(`${origin}/oauth`, { registration_endpoint: `${origin}/oauth/register` }));
      }
      if (method === 'POST' && path === '/oauth/register') {
        return { status: 201, json: { ...JSON.parse(body), client_id: 'legacy-client' } };
      }
      return undefined;
    });
    const env = testEnv();
    const record = await discoverServer({ serverUrl: `${server.origin}/mcp` }, resolveEnv(env));
    expect(record.source).toBe('legacy_origin_metadata');
    expect(record.authorizationServer.issuer).toBe(`${server.origin}/oauth`);

    const session = new OAuthSession({ serverUrl: `${server.origin}/mcp`, callbackUrl: CALLBACK_URL }, env);
    const { authorizationUrl } = await session.prepareAuthorization({ flow: 'redirect' });
    expect(`${authorizationUrl.origin}${authorizationUrl.pathname}`).toBe(`${server.origin}/oauth/authorize`);
    expect(authorizationUrl.searchParams.get('client_id')).toBe('legacy-client');
  });

  it('refuse origin metadata naming an issuer on another origin', async () => {
    const other = await forge(() => undefined);
    const server = await forge(({ path }) =>
      path === '/.well-known/oauth-authorization-server' ? json(asMetadata(other.origin)) : undefined,
    );
    const error = await discoverServer({ serverUrl: `${server.origin}/mcp` }, resolveEnv(testEnv())).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(IssuerMismatchError);
    expect(error).toMatchObject({ expected: server.origin, actual: other.origin });
  });

  it('fall back to /authorize, /token and /register at the origin when no metadata exists', async () => {
    const server = await forge(({ method, path, body }) => {
      if (method === 'POST' && path === '/register') {
        return { status: 201, json: { ...JSON.parse(body), client_id: 'legacy-client' } };
      }
      return undefined;
    });
    const session = new OAuthSession(
      { serverUrl: `${server.origin}/mcp`, callbackUrl: CALLBACK_URL },
      testEnv(),
    );
    const { authorizationUrl } = await session.prepareAuthorization({ flow: 'redirect' });
    expect(`${authorizationUrl.origin}${authorizationUrl.pathname}`).toBe(`${server.origin}/authorize`);
    expect(authorizationUrl.searchParams.get('client_id')).toBe('legacy-client');
    expect(server.hits).toContain('POST /register');
  });
});

describe('servers without any OAuth', () => {
  it('are reported as a discovery failure, not as a registration failure', async () => {
    const server = await forge(() => undefined);
    const session = new OAuthSession(
      { serverUrl: `${server.origin}/mcp`, callbackUrl: CALLBACK_URL },
      testEnv(),
    );
    const error = await session.prepareAuthorization({ flow: 'redirect' }).catch((e) => e);
    expect(error).toBeInstanceOf(DiscoveryError);
    expect(error.code).toBe('auth_discovery_failed');
    expect(server.hits).toContain('POST /register');
  });
});

describe('discovery cache', () => {
  it('lets a second sign-in skip discovery and registration', async () => {
    const env = testEnv();
    const session = new OAuthSession({ serverUrl: stack.mcpServer.url, callbackUrl: CALLBACK_URL }, env);
    await session.prepareAuthorization({ flow: 'redirect' });
    const before = env.requests.length;
    expect(before).toBeGreaterThan(0);
    const again = new OAuthSession({ serverUrl: stack.mcpServer.url, callbackUrl: CALLBACK_URL }, env);
    await again.prepareAuthorization({ flow: 'redirect' });
    expect(env.requests.slice(before)).toEqual([]);
  });
});

describe('http: outside loopback', () => {
  it('is refused for the MCP server before any request', async () => {
    const env = testEnv();
    const session = new OAuthSession(
      { serverUrl: 'http://mcp.example.com/mcp', callbackUrl: CALLBACK_URL },
      env,
    );
    const error = await session.prepareAuthorization({ flow: 'redirect' }).catch((e) => e);
    expect(error).toBeInstanceOf(InsecureUrlError);
    expect(error.code).toBe('auth_insecure_url');
    expect(env.requests).toEqual([]);
  });

  it('is refused for an authorization server named by the metadata', async () => {
    const server = await forge(({ path, origin }) =>
      path === '/.well-known/oauth-protected-resource/mcp'
        ? json({ resource: `${origin}/mcp`, authorization_servers: ['http://as.example.com'] })
        : undefined,
    );
    const env = testEnv();
    const error = await discoverServer({ serverUrl: `${server.origin}/mcp` }, resolveEnv(env)).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(InsecureUrlError);
    expect(env.requests.some((request) => request.url.includes('example.com'))).toBe(false);
  });

  it('is refused for a resource_metadata URL in a 401', async () => {
    const env = testEnv();
    const error = await discoverServer(
      { serverUrl: stack.mcpServer.url, resourceMetadataUrl: 'http://evil.example.com/prm' },
      resolveEnv(env),
    ).catch((e) => e);
    expect(error).toBeInstanceOf(InsecureUrlError);
    expect(env.requests).toEqual([]);
  });

  it('is refused for a token endpoint in otherwise valid metadata', async () => {
    const server = await forge(({ path, origin }) => {
      if (path === '/.well-known/oauth-protected-resource/mcp') {
        return json({ resource: `${origin}/mcp`, authorization_servers: [origin] });
      }
      if (path === '/.well-known/oauth-authorization-server') {
        return json(asMetadata(origin, { token_endpoint: 'http://as.example.com/token' }));
      }
      return undefined;
    });
    const error = await discoverServer({ serverUrl: `${server.origin}/mcp` }, resolveEnv(testEnv())).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(InsecureUrlError);
    expect(error).toMatchObject({ purpose: 'token_endpoint', url: 'http://as.example.com/token' });
  });
});
