/** Maps stored client credentials onto oauth4webapi's client object and client authentication (RFC 6749 §2.3). */
import { type Client, type ClientAuth, ClientSecretBasic, ClientSecretPost, None } from 'oauth4webapi';
import type { ClientCredentials } from './types';

export function oauthClient(credentials: ClientCredentials): { client: Client; auth: ClientAuth } {
  const client: Client = { client_id: credentials.clientId };
  const secret = credentials.clientSecret;
  if (!secret || credentials.tokenEndpointAuthMethod === 'none') return { client, auth: None() };
  return {
    client,
    auth:
      credentials.tokenEndpointAuthMethod === 'client_secret_post'
        ? ClientSecretPost(secret)
        : ClientSecretBasic(secret),
  };
}
