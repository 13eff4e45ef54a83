// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these tests are about ${VAR} references in strings
// The per-server OAuth settings of a config entry: each checked where it is written (the message names the field's
// path and never quotes a secret), and handed to the engine under its own name.
import { describe, expect, it } from 'vitest';
import type { ConfigError } from '../../../src/core/errors';
import type { EnvSource } from '../../../src/node/config/envReferences';
import { type ResolvedHttpServer, resolveServer } from '../../../src/node/config/resolveServer';
import { validateConfig } from '../../../src/node/config/validateConfig';

const URL = 'https://mcp.example.com/mcp';

function rejectionOf(entry: Record<string, unknown>): ConfigError {
  try {
    validateConfig({ mcpServers: { s: { url: URL, ...entry } } });
  } catch (error) {
    return error as ConfigError;
  }
  throw new Error('validateConfig accepted the entry');
}

function resolved(entry: Record<string, unknown>, env: EnvSource = {}, notes: string[] = []) {
  const definition = validateConfig({ mcpServers: { s: { url: URL, ...entry } } }).get('s')!;
  return (resolveServer(definition, env, (message) => notes.push(message)) as ResolvedHttpServer).oauth;
}

describe('OAuth settings in a config entry', () => {
  it('hands every setting to the engine under its own name, from the entry or from auth', () => {
    expect(
      resolved(
        {
          client_id: 'id',
          redirect_uri: 'http://localhost:3118/callback',
          auth: {
            token_endpoint_auth_method: 'client_secret_post',
            client_secret: '${SECRET}',
            authorization_params: { audience: 'https://api.example.com', prompt: 'consent' },
            resource: false,
            trust_issuer: 'https://auth.example.com/authv2',
            client_name: 'Claude Code',
            use_id_token: true,
          },
        },
        { SECRET: 's3cret' },
      ),
    ).toEqual({
      clientId: 'id',
      clientSecret: 's3cret',
      callbackUrl: 'http://localhost:3118/callback',
      tokenEndpointAuthMethod: 'client_secret_post',
      authorizationParams: { audience: 'https://api.example.com', prompt: 'consent' },
      resource: false,
      trustIssuer: 'https://auth.example.com/authv2',
      clientName: 'Claude Code',
      useIdToken: true,
    });
  });

  it('resource: false alone turns OAuth on; a URL is passed on as it is', () => {
    expect(resolved({ resource: false })).toEqual({ resource: false });
    expect(resolved({ resource: 'https://api.example.com/' })).toEqual({
      resource: 'https://api.example.com/',
    });
  });

  it('redirect_uri overrides callback_port, and a note says so', () => {
    const notes: string[] = [];
    expect(resolved({ callback_port: 8081, redirect_uri: 'http://127.0.0.1:9000/cb' }, {}, notes)).toEqual({
      callbackUrl: 'http://127.0.0.1:9000/cb',
    });
    expect(notes).toEqual(['mcpServers.s.redirect_uri is set, so mcpServers.s.callback_port is not used']);
  });

  it.each([
    ['https://app.example.com/callback', 'an http: URL on 127.0.0.1, localhost or [::1]'],
    ['http://192.168.1.2:8080/callback', 'an http: URL on 127.0.0.1, localhost or [::1]'],
    ['http://127.0.0.1:8080/cb#frag', 'must not have a fragment'],
    ['not a url', 'is not a URL'],
  ])('refuses redirect_uri %s: the listener takes only a loopback address', (value, problem) => {
    const error = rejectionOf({ redirect_uri: value });
    expect(error).toMatchObject({ code: 'invalid_config', field: 'mcpServers.s.redirect_uri' });
    expect(error.message).toContain(problem);
    expect(error.message).toContain(JSON.stringify(value));
  });

  it('checks a redirect_uri built from references once resolved, quoting it as written', () => {
    const definition = validateConfig({ mcpServers: { s: { url: URL, redirect_uri: '${CALLBACK}' } } }).get(
      's',
    )!;
    expect(() => resolveServer(definition, { CALLBACK: 'https://elsewhere.example/cb' }, () => {})).toThrow(
      'mcpServers.s.redirect_uri must be an http: URL on 127.0.0.1, localhost or [::1] (the sign-in listener takes that address), not "${CALLBACK}"',
    );
  });

  it.each([
    ['state', 'the sign-in sets it itself'],
    ['code_challenge_method', 'the sign-in sets it itself'],
    ['redirect_uri', 'use redirect_uri instead'],
    ['client_id', 'use client_id instead'],
    ['resource', 'use resource instead'],
    ['scope', 'use scope instead'],
    ['request_uri', 'the sign-in sets it itself'],
  ])('refuses authorization_params.%s, naming the setting to use instead', (key, problem) => {
    const error = rejectionOf({ authorization_params: { [key]: 'x' } });
    expect(error.field).toBe(`mcpServers.s.authorization_params.${key}`);
    expect(error.message).toBe(`mcpServers.s.authorization_params.${key} may not set ${key}: ${problem}`);
  });

  it('refuses authorization_params values that are not strings, without quoting them', () => {
    const error = rejectionOf({ authorization_params: { audience: 42 } });
    expect(error.message).toBe('mcpServers.s.authorization_params.audience must be a string, not a number');
  });

  it.each([
    [
      { token_endpoint_auth_method: 'private_key_jwt' },
      'token_endpoint_auth_method must be one of client_secret_basic, client_secret_post, none',
    ],
    [
      { resource: true },
      'resource must be false (leave the resource parameter out) or an absolute URL without a fragment, not a boolean',
    ],
    [
      { resource: 'urn:x' },
      'resource must be false (leave the resource parameter out) or an absolute URL without a fragment, not "urn:x"',
    ],
    [
      { trust_issuer: 'auth.example.com' },
      'trust_issuer must be the issuer URL to accept, as its metadata writes it, not "auth.example.com"',
    ],
    [{ use_id_token: 'yes' }, 'use_id_token must be true or false, not a string'],
    [{ client_name: '' }, 'client_name must be a non-empty string'],
  ])('refuses %j with a message that names the field', (entry, message) => {
    expect(rejectionOf(entry).message).toBe(`mcpServers.s.${message}`);
  });

  it('refuses settings in auth and on the entry that disagree', () => {
    expect(rejectionOf({ resource: false, auth: { resource: 'https://x.example/' } }).message).toBe(
      'mcpServers.s sets resource both on the entry and in auth, to different values; keep one',
    );
  });
});
