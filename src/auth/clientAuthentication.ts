/** Maps stored client credentials onto oauth4webapi's client object and client authentication (RFC 6749 §2.3). */
import { type Client, type ClientAuth, ClientSecretPost, None } from 'oauth4webapi';
import type { ClientCredentials } from './types';

/**
 * The application/x-www-form-urlencoded serializer (WHATWG URL §5.2): alphanumerics and `*-._` stay as they
 * are, a space becomes `+`, everything else is percent-encoded as UTF-8. encodeURIComponent leaves `!'()~`
 * alone as well, so those are encoded on top.
 */
export function formUrlEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()~]|%20/g, (match) =>
    match === '%20' ? '+' : `%${match.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/**
 * `client_secret_basic`. RFC 6749 §2.3.1: the client id and secret are form-encoded, then joined by `:` and
 * sent as HTTP Basic credentials. oauth4webapi's ClientSecretBasic also percent-encodes `-_.!~*'()`, so
 * `pre-registered-client` goes out as `pre%2Dregistered%2Dclient`, which servers comparing the username without
 * form-decoding it refuse; this follows the serializer the RFC names.
 */
export function clientSecretBasic(clientSecret: string): ClientAuth {
  return (_as, client, _body, headers) => {
    headers.set('authorization', basicAuthorization(client.client_id, clientSecret));
  };
}

/** The `Authorization` value of `client_secret_basic` (RFC 6749 §2.3.1). */
export function basicAuthorization(clientId: string, clientSecret: string): string {
  // btoa takes Latin-1 only; form-encoding has already turned every other character into ASCII.
  return `Basic ${btoa(`${formUrlEncode(clientId)}:${formUrlEncode(clientSecret)}`)}`;
}

export function oauthClient(credentials: ClientCredentials): { client: Client; auth: ClientAuth } {
  const client: Client = { client_id: credentials.clientId };
  const secret = credentials.clientSecret;
  if (!secret || credentials.tokenEndpointAuthMethod === 'none') return { client, auth: None() };
  return {
    client,
    auth:
      credentials.tokenEndpointAuthMethod === 'client_secret_post'
        ? ClientSecretPost(secret)
        : clientSecretBasic(secret),
  };
}
