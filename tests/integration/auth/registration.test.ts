// Client registration against the real authorization server: pre-registered credentials, Client ID Metadata
// Documents (when advertised) and Dynamic Client Registration, stored per (issuer, redirect URI) and reused.
import { afterEach, describe, expect, it } from 'vitest';
import { OAuthSession, RegistrationError, registerClient, resolveEnv } from '../../../src/auth/index';
import { registerConfidentialClient } from '../../support/oauthServers';
import { callTool, type LocalServer, type Route, startLocalServer, testEnv } from './helpers';
import { CALLBACK_URL, signIn, startOAuthStack } from './oauthStack';
import type { McpEvent } from '../../../src/core/events';

const stack = startOAuthStack({ withOtherMcpServer: true });

async function registrations(): Promise<number> {
  return (await stack.authServer.stats()).registrations;
}

async function realMetadata() {
  const response = await fetch(`${stack.authServer.issuer}/.well-known/oauth-authorization-server`);
  return response.json();
}

describe('dynamic client registration', () => {
  it('registers a public native client with the callback as its only redirect URI', async () => {
    const env = testEnv();
    const session = new OAuthSession({ serverUrl: stack.mcpServer.url, callbackUrl: CALLBACK_URL }, env);
    const { authorizationUrl } = await session.prepareAuthorization({ flow: 'loopback' });
    const registration = env.requests.find(
      (request) => request.method === 'POST' && request.url.endsWith('/reg'),
    );
    expect(JSON.parse(registration?.body ?? '{}')).toEqual({
      redirect_uris: [CALLBACK_URL],
      client_name: 'mcp-use',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
      application_type: 'native',
    });
    expect(authorizationUrl.searchParams.get('client_id')).toBeTruthy();
  });

  it('sends application_type web and the client name when configured so', async () => {
    const env = testEnv();
    const options = { clientName: 'My App', applicationType: 'web' as const };
    const session = new OAuthSession(
      { serverUrl: stack.mcpServer.url, callbackUrl: CALLBACK_URL, ...options },
      env,
    );
    await session.prepareAuthorization({ flow: 'popup' });
    const registration = env.requests.find((request) => request.url.endsWith('/reg'));
    expect(JSON.parse(registration?.body ?? '{}')).toMatchObject({
      application_type: 'web',
      client_name: 'My App',
    });
  });

  it('registers once per authorization server and reuses the client for every server it protects', async () => {
    const env = testEnv();
    const before = await registrations();
    const first = new OAuthSession({ serverUrl: stack.mcpServer.url, callbackUrl: CALLBACK_URL }, env);
    const second = new OAuthSession({ serverUrl: stack.otherMcpServer.url, callbackUrl: CALLBACK_URL }, env);
    const a = await first.prepareAuthorization({ flow: 'redirect' });
    const b = await second.prepareAuthorization({ flow: 'redirect' });
    expect(b.authorizationUrl.searchParams.get('client_id')).toBe(
      a.authorizationUrl.searchParams.get('client_id'),
    );
    expect((await registrations()) - before).toBe(1);
  });

  it('registers a single client when two sign-ins start at once', async () => {
    const env = testEnv();
    const before = await registrations();
    const first = new OAuthSession({ serverUrl: stack.mcpServer.url, callbackUrl: CALLBACK_URL }, env);
    const second = new OAuthSession({ serverUrl: stack.otherMcpServer.url, callbackUrl: CALLBACK_URL }, env);
    await Promise.all([
      first.prepareAuthorization({ flow: 'popup' }),
      second.prepareAuthorization({ flow: 'popup' }),
    ]);
    expect((await registrations()) - before).toBe(1);
  });

  it('registers again for another redirect URI', async () => {
    const env = testEnv();
    const before = await registrations();
    const first = new OAuthSession({ serverUrl: stack.mcpServer.url, callbackUrl: CALLBACK_URL }, env);
    await first.prepareAuthorization({ flow: 'popup' });
    const otherCallback = 'http://127.0.0.1:9/other-callback';
    const second = new OAuthSession({ serverUrl: stack.mcpServer.url, callbackUrl: otherCallback }, env);
    await second.prepareAuthorization({ flow: 'popup' });
    expect((await registrations()) - before).toBe(2);
  });
});

describe('pre-registered client', () => {
  it('is used without registering, and a confidential one authenticates at the token endpoint', async () => {
    // Register a confidential client out of band, as an administrator would.
    const { clientId, clientSecret } = await registerConfidentialClient(
      stack.authServer.issuer,
      CALLBACK_URL,
    );
    expect(clientSecret).toBeTruthy();

    const env = testEnv();
    const before = await registrations();
    const session = new OAuthSession(
      { serverUrl: stack.mcpServer.url, callbackUrl: CALLBACK_URL, clientId, clientSecret },
      env,
    );
    const { authorizationUrl } = await signIn(session, env);
    expect(authorizationUrl.searchParams.get('client_id')).toBe(clientId);
    expect(await registrations()).toBe(before);
    expect((await callTool(stack.mcpServer.url, await session.accessToken(), 'whoami')).status).toBe(200);
  });
});

describe('client ID metadata document', () => {
  const metadataUrl = 'https://app.example.com/oauth/client-metadata.json';

  it('becomes the client id when the authorization server supports it', async () => {
    const env = testEnv();
    const metadata = { ...(await realMetadata()), client_id_metadata_document_supported: true };
    const session = new OAuthSession(
      {
        serverUrl: stack.mcpServer.url,
        callbackUrl: CALLBACK_URL,
        clientMetadataUrl: metadataUrl,
        authorizationServerMetadata: metadata,
      },
      env,
    );
    const { authorizationUrl } = await session.prepareAuthorization({ flow: 'redirect' });
    expect(authorizationUrl.searchParams.get('client_id')).toBe(metadataUrl);
    expect(env.requests.some((request) => request.url.endsWith('/reg'))).toBe(false);
  });

  it('is reported as the registration step (method metadata_document), after the configured metadata', async () => {
    const events: McpEvent[] = [];
    const env = testEnv({ emit: (event) => events.push(event) });
    const metadata = { ...(await realMetadata()), client_id_metadata_document_supported: true };
    const session = new OAuthSession(
      {
        serverUrl: stack.mcpServer.url,
        callbackUrl: CALLBACK_URL,
        clientMetadataUrl: metadataUrl,
        authorizationServerMetadata: metadata,
      },
      env,
    );
    await session.prepareAuthorization({ flow: 'redirect' });
    const as = events.find((event) => event.type === 'as_metadata');
    expect(as?.fields).toMatchObject({ configured: true, clientIdMetadataDocumentSupported: true });
    const registration = events.find((event) => event.type === 'registration');
    expect(registration?.fields).toEqual({
      method: 'metadata_document',
      issuer: metadata.issuer,
      clientId: metadataUrl,
      tokenEndpointAuthMethod: 'none',
    });
    expect(events.map((event) => event.type).indexOf('as_metadata')).toBeLessThan(
      events.indexOf(registration!),
    );
  });

  it('is not used when the authorization server does not advertise support: DCR instead', async () => {
    const env = testEnv();
    const session = new OAuthSession(
      { serverUrl: stack.mcpServer.url, callbackUrl: CALLBACK_URL, clientMetadataUrl: metadataUrl },
      env,
    );
    const { authorizationUrl } = await session.prepareAuthorization({ flow: 'redirect' });
    expect(authorizationUrl.searchParams.get('client_id')).not.toBe(metadataUrl);
    expect(env.requests.some((request) => request.url.endsWith('/reg'))).toBe(true);
  });
});

describe('registration answers real servers send', () => {
  const forged: LocalServer[] = [];
  afterEach(async () => {
    await Promise.all(forged.splice(0).map((server) => server.close()));
  });

  /** Registers at a forged /register that answers with `answer`; resolves the credentials or the error. */
  async function registerAt(answer: ReturnType<Route>) {
    const server = await startLocalServer(({ method, path }) =>
      method === 'POST' && path === '/register' ? answer : undefined,
    );
    forged.push(server);
    const env = testEnv();
    return registerClient(
      { issuer: server.origin, registration_endpoint: `${server.origin}/register` },
      { serverUrl: `${server.origin}/mcp`, redirectUri: CALLBACK_URL },
      resolveEnv(env),
    ).catch((error: unknown) => error);
  }

  it('accepts a client_secret without client_secret_expires_at, as a secret that does not expire', async () => {
    // RFC 7591 §3.2.1 requires the field with a secret, but many servers (the MCP conformance suite's) omit it.
    const client = await registerAt({
      status: 201,
      json: { client_id: 'abc', client_secret: 's3cret', redirect_uris: [CALLBACK_URL] },
    });
    expect(client).toEqual({
      clientId: 'abc',
      clientSecret: 's3cret',
      tokenEndpointAuthMethod: 'client_secret_basic',
      source: 'dynamic',
      clientSecretExpiresAt: 0,
    });
  });

  it('keeps the expiry the server does send', async () => {
    const expiresAt = Math.floor(Date.now() / 1000) + 3600;
    const client = await registerAt({
      status: 201,
      json: { client_id: 'abc', client_secret: 's3cret', client_secret_expires_at: expiresAt },
    });
    expect(client).toMatchObject({ clientId: 'abc', clientSecretExpiresAt: expiresAt });
  });

  it('still refuses an answer without client_id, with a wrong status, or that is not JSON', async () => {
    const noClientId = await registerAt({ status: 201, json: { client_secret: 's3cret' } });
    expect(noClientId).toBeInstanceOf(RegistrationError);
    expect((noClientId as Error).message).toContain('client_id');

    const wrongStatus = await registerAt({ status: 200, json: { client_id: 'abc', client_secret: 's' } });
    expect(wrongStatus).toBeInstanceOf(RegistrationError);

    const notJson = await registerAt({ status: 201, headers: { 'content-type': 'text/html' } });
    expect(notJson).toBeInstanceOf(RegistrationError);

    const badExpiry = await registerAt({
      status: 201,
      json: { client_id: 'abc', client_secret: 's', client_secret_expires_at: 'never' },
    });
    expect(badExpiry).toBeInstanceOf(RegistrationError);
  });
});
