// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these tests are about ${VAR} references in strings
// The OAuth parameters of an MCPClient server entry: accepted on the entry (the reference page's table) and in
// `auth`, checked when the client is created, resolved (with ${VAR} references) when a session is created.
import { describe, expect, it } from 'vitest';
import type { ConfigError } from '../../../src/core/errors';
import { resolveServer } from '../../../src/node/config/resolveServer';
import { validateConfig } from '../../../src/node/config/validateConfig';
import { connectionOptionsFor } from '../../../src/node/connectionOptionsFor';
import { MCPClient, NodeOAuth } from '../../../src/node/index';
import { LazyNodeOAuth } from '../../../src/node/oauth/LazyNodeOAuth';

const URL = 'https://mcp.example.com/mcp';

function resolved(entry: Record<string, unknown>, env: Record<string, string> = {}) {
  const definition = validateConfig({ mcpServers: { s: entry } }).get('s')!;
  const server = resolveServer(definition, env, () => undefined);
  if (server.kind !== 'http') throw new Error('expected an HTTP server');
  return server;
}

function configError(entry: Record<string, unknown>): ConfigError {
  try {
    validateConfig({ mcpServers: { s: entry } });
  } catch (error) {
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('OAuth settings of a server entry', () => {
  it('reads the documented parameters from the entry itself', () => {
    const server = resolved(
      {
        url: URL,
        client_id: 'my-client',
        client_secret: '${SECRET}',
        scope: 'read write',
        callback_port: 8081,
      },
      { SECRET: 'from-env' },
    );
    expect(server.oauth).toEqual({
      clientId: 'my-client',
      clientSecret: 'from-env',
      scope: 'read write',
      callbackPort: 8081,
    });
  });

  it('reads the same parameters grouped in auth, and auth: {} alone turns OAuth on', () => {
    expect(resolved({ url: URL, auth: { client_id: 'c', callback_port: 9000 } }).oauth).toEqual({
      clientId: 'c',
      callbackPort: 9000,
    });
    expect(resolved({ url: URL, auth: {} }).oauth).toEqual({});
    expect(resolved({ url: URL }).oauth).toBeUndefined();
  });

  it('passes oauth_provider on as the authorization-server metadata', () => {
    const provider = {
      issuer: 'https://auth.example.com',
      authorization_endpoint: 'https://auth.example.com/authorize',
      token_endpoint: 'https://auth.example.com/token',
      code_challenge_methods_supported: ['S256'],
    };
    expect(resolved({ url: URL, oauth_provider: provider }).oauth).toEqual({
      authorizationServerMetadata: provider,
    });
  });

  it('reads client_metadata_url on the entry or in auth, resolving ${VAR} references', () => {
    const metadataUrl = 'https://app.example.com/oauth/client-metadata.json';
    expect(resolved({ url: URL, client_metadata_url: metadataUrl }).oauth).toEqual({
      clientMetadataUrl: metadataUrl,
    });
    expect(resolved({ url: URL, auth: { client_metadata_url: metadataUrl } }).oauth).toEqual({
      clientMetadataUrl: metadataUrl,
    });
    expect(
      resolved(
        { url: URL, auth: { client_metadata_url: '${APP}/client.json' } },
        { APP: 'https://app.example' },
      ).oauth,
    ).toEqual({ clientMetadataUrl: 'https://app.example/client.json' });
    // Loopback http: for development, like every other OAuth URL.
    expect(resolved({ url: URL, client_metadata_url: 'http://127.0.0.1:3000/client.json' }).oauth).toEqual({
      clientMetadataUrl: 'http://127.0.0.1:3000/client.json',
    });
  });

  it('refuses a client_metadata_url that is not an https URL with a path', () => {
    for (const bad of [
      'http://app.example.com/client.json',
      'https://app.example.com/',
      'https://app.example.com/client.json#frag',
      'client.json',
      'ftp://app.example.com/client.json',
    ]) {
      const error = configError({ url: URL, auth: { client_metadata_url: bad } });
      expect(error.field).toBe('mcpServers.s.auth.client_metadata_url');
      expect(error.message).toContain('must be an https: URL');
    }
    expect(configError({ url: URL, client_metadata_url: 42 }).field).toBe('mcpServers.s.client_metadata_url');
  });

  it('checks a client_metadata_url built from references once resolved, quoting it as written', () => {
    const definition = validateConfig({
      mcpServers: { s: { url: URL, client_metadata_url: '${APP}/client.json' } },
    }).get('s')!;
    let error: ConfigError | undefined;
    try {
      resolveServer(definition, { APP: 'http://app.example' }, () => undefined);
    } catch (caught) {
      error = caught as ConfigError;
    }
    expect(error?.field).toBe('mcpServers.s.client_metadata_url');
    expect(error?.message).toContain('"${APP}/client.json"');
    expect(error?.message).not.toContain('http://app.example');
  });

  it('gives a connection a NodeOAuth plug-in on the configured port only when OAuth is on', async () => {
    const options = connectionOptionsFor(resolved({ url: URL, callback_port: 8123 }), { env: {} });
    // The engine loads on first use; the plug-in knows its callback before.
    expect(options.auth).toBeInstanceOf(LazyNodeOAuth);
    expect((options.auth as LazyNodeOAuth).callbackUrl).toBe('http://127.0.0.1:8123/callback');
    expect(await (options.auth as LazyNodeOAuth).load()).toBeInstanceOf(NodeOAuth);
    expect(connectionOptionsFor(resolved({ url: URL, authToken: 't' }), { env: {} }).auth).toBeUndefined();
  });

  it('refuses settings that disagree between the entry and auth', () => {
    const error = configError({ url: URL, client_id: 'a', auth: { client_id: 'b' } });
    expect(error.message).toBe(
      'mcpServers.s sets client_id both on the entry and in auth, to different values; keep one',
    );
    expect(resolved({ url: URL, client_id: 'a', auth: { client_id: 'a' } }).oauth).toEqual({ clientId: 'a' });
  });

  it('refuses OAuth settings together with a static token or Authorization header', () => {
    expect(configError({ url: URL, authToken: 't', auth: {} }).message).toContain(
      'sets both authToken and OAuth settings',
    );
    expect(
      configError({ url: URL, headers: { authorization: 'Bearer t' }, client_id: 'c' }).message,
    ).toContain('sets both headers.authorization and OAuth settings');
  });

  it('names the field of a bad value', () => {
    expect(configError({ url: URL, callback_port: 0 }).field).toBe('mcpServers.s.callback_port');
    expect(configError({ url: URL, auth: { callback_port: '8080' } }).field).toBe(
      'mcpServers.s.auth.callback_port',
    );
    expect(configError({ url: URL, client_id: '' }).field).toBe('mcpServers.s.client_id');
    expect(configError({ url: URL, auth: 'sk-token' }).message).toContain('a bearer token goes in authToken');
    expect(configError({ url: URL, oauth_provider: { issuer: 'https://a' } }).field).toBe(
      'mcpServers.s.oauth_provider.authorization_endpoint',
    );
  });

  it('notes unknown settings inside auth instead of failing', () => {
    const notes: string[] = [];
    validateConfig({ mcpServers: { s: { url: URL, auth: { client_idd: 'x' } } } }, (message) =>
      notes.push(message),
    );
    expect(notes).toEqual(['mcpServers.s.auth.client_idd is not a known OAuth setting; ignoring it']);
  });

  it('signOut does nothing for a server without OAuth settings', async () => {
    const client = MCPClient.fromDict({ mcpServers: { s: { url: URL, authToken: 't' } } });
    await expect(client.signOut('s')).resolves.toBeUndefined();
  });
});
