/**
 * Records the engine keeps in the store. All of them are plain JSON-compatible objects, so any key-value store
 * (IndexedDB structured clone, a JSON file) can hold them.
 */
import type { AuthorizationServer, ResourceServer } from 'oauth4webapi';

export type FlowKind = 'popup' | 'redirect' | 'loopback';
export type ApplicationType = 'web' | 'native';
export type TokenEndpointAuthMethod = 'none' | 'client_secret_basic' | 'client_secret_post';

/** How this client is known to one authorization server. */
export interface ClientCredentials {
  clientId: string;
  clientSecret?: string;
  tokenEndpointAuthMethod: TokenEndpointAuthMethod;
  source: 'preregistered' | 'metadata_document' | 'dynamic';
  /** RFC 7591 §3.2.1: seconds since the epoch, 0 or absent = never. */
  clientSecretExpiresAt?: number;
}

/** What the engine needs of the authorization server after the authorization request was sent. */
export interface AuthorizationServerEndpoints {
  issuer: string;
  token_endpoint: string;
  revocation_endpoint?: string;
  authorization_response_iss_parameter_supported?: boolean;
}

/** Where discovery found the authorization server. */
export type DiscoverySource =
  /** RFC 9728 protected-resource metadata → RFC 8414 / OIDC metadata of the listed issuer. */
  | 'protected_resource_metadata'
  /** 2025-03-26 servers without PRM: authorization-server metadata at the MCP server's origin. */
  | 'legacy_origin_metadata'
  /** 2025-03-26 servers without any metadata: `/authorize`, `/token`, `/register` at the origin. */
  | 'legacy_default_endpoints'
  /** `authorizationServerMetadata` given in the options. */
  | 'configured';

export interface DiscoveryRecord {
  serverUrl: string;
  /** RFC 8707 resource indicator sent in authorization and token requests. */
  resource: string;
  resourceMetadataUrl?: string;
  resourceMetadata?: ResourceServer;
  authorizationServer: AuthorizationServer;
  source: DiscoverySource;
  /**
   * The authorization server identifier the protected-resource metadata named, when its metadata declares
   * another `issuer` that the `trustIssuer` setting accepted (RFC 8414 §3.3 relaxed for that one issuer).
   */
  issuerNamedByServer?: string;
  savedAt: number;
}

/** A sign-in in progress, keyed by its `state`. Single use: deleted before the code is redeemed. */
export interface PendingFlow {
  state: string;
  codeVerifier: string;
  issuer: string;
  authorizationServer: AuthorizationServerEndpoints;
  client: ClientCredentials;
  serverUrl: string;
  /** The account the tokens are stored for; absent for the default one. */
  account?: string;
  /** The RFC 8707 resource indicator sent; absent when the `resource` setting leaves it out. */
  resource?: string;
  redirectUri: string;
  flow: FlowKind;
  returnUrl?: string;
  scope?: string;
  /** The app's proxy (`oauthProxyUrl`): the callback page redeems the code through it too. */
  proxyUrl?: string;
  createdAt: number;
  expiresAt: number;
}

/** Tokens for one (MCP server, issuer, account), with what it takes to refresh and revoke them. */
export interface TokenRecord {
  serverUrl: string;
  /** The RFC 8707 resource indicator the tokens were asked for (and are refreshed with), if any. */
  resource?: string;
  issuer: string;
  /** Which of the user's accounts on this server; absent for the default one. */
  account?: string;
  accessToken: string;
  tokenType: string;
  /**
   * The OIDC ID token, when the token response carried one: sent as the bearer under `useIdToken`, and an
   * enterprise IdP's is exchanged for ID-JAGs.
   */
  idToken?: string;
  refreshToken?: string;
  /** Absolute expiry of the access token, ms since the epoch; absent when the server gave no `expires_in`. */
  expiresAt?: number;
  obtainedAt: number;
  /** Granted scope (the token response's, else the requested one). */
  scope?: string;
  authorizationServer: AuthorizationServerEndpoints;
  client: ClientCredentials;
}

export function endpointsOf(as: AuthorizationServer): AuthorizationServerEndpoints {
  const endpoints: AuthorizationServerEndpoints = {
    issuer: as.issuer,
    token_endpoint: String(as.token_endpoint),
  };
  if (as.revocation_endpoint) endpoints.revocation_endpoint = as.revocation_endpoint;
  if (as.authorization_response_iss_parameter_supported === true) {
    endpoints.authorization_response_iss_parameter_supported = true;
  }
  return endpoints;
}
