// client_secret_basic (RFC 6749 §2.3.1): the client id and secret are application/x-www-form-urlencoded before
// they become the Basic credentials, so what a server that form-decodes them reads back is exactly what was
// configured, and the characters the serializer leaves alone (alphanumerics and `*-._`) go out as they are.
import { describe, expect, it } from 'vitest';
import { formUrlEncode, oauthClient } from '../../../src/auth/clientAuthentication';
import type { ClientCredentials } from '../../../src/auth/types';

async function basicCredentials(clientId: string, clientSecret: string): Promise<string> {
  const credentials: ClientCredentials = {
    clientId,
    clientSecret,
    tokenEndpointAuthMethod: 'client_secret_basic',
    source: 'preregistered',
  };
  const { client, auth } = oauthClient(credentials);
  const headers = new Headers();
  const body = new URLSearchParams();
  await auth({ issuer: 'https://as.example' }, client, body, headers);
  expect(body.toString()).toBe('');
  const header = headers.get('authorization') ?? '';
  expect(header).toMatch(/^Basic /);
  return atob(header.slice('Basic '.length));
}

/** What a server does with the Basic credentials: split at the first `:`, form-decode each half. */
function formDecode(value: string): string {
  return decodeURIComponent(value.replace(/\+/g, ' '));
}

describe('client_secret_basic', () => {
  it('sends an id and secret made of alphanumerics and "-._*" unchanged', async () => {
    expect(await basicCredentials('pre-registered-client', 'pre_registered.secret*1')).toBe(
      'pre-registered-client:pre_registered.secret*1',
    );
  });

  it('percent-encodes every other character, "!~\'()" included, and a space as +', async () => {
    expect(formUrlEncode("a!b~c'd(e)f g")).toBe('a%21b%7Ec%27d%28e%29f+g');
    expect(await basicCredentials('id:with:colons', 'p@ss/w+rd')).toBe('id%3Awith%3Acolons:p%40ss%2Fw%2Brd');
  });

  it('round-trips any id and secret through form decoding, non-ASCII included', async () => {
    const clientId = "client é-ü_1 !~'()*";
    const clientSecret = 's3cr:et+%/= ☃';
    const sent = await basicCredentials(clientId, clientSecret);
    const colon = sent.indexOf(':');
    expect(formDecode(sent.slice(0, colon))).toBe(clientId);
    expect(formDecode(sent.slice(colon + 1))).toBe(clientSecret);
  });

  it('sends client_secret_post credentials in the body, and nothing for a public client', async () => {
    const post = oauthClient({
      clientId: 'c',
      clientSecret: 's',
      tokenEndpointAuthMethod: 'client_secret_post',
      source: 'dynamic',
    });
    const body = new URLSearchParams();
    const headers = new Headers();
    await post.auth({ issuer: 'https://as.example' }, post.client, body, headers);
    expect(body.toString()).toBe('client_id=c&client_secret=s');
    expect(headers.get('authorization')).toBeNull();

    const open = oauthClient({ clientId: 'c', tokenEndpointAuthMethod: 'none', source: 'dynamic' });
    const publicBody = new URLSearchParams();
    await open.auth({ issuer: 'https://as.example' }, open.client, publicBody, new Headers());
    expect(publicBody.toString()).toBe('client_id=c');
  });
});
