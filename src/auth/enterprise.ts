/**
 * Enterprise-Managed Authorization (MCP extension `io.modelcontextprotocol/enterprise-managed-authorization`,
 * an application of draft-ietf-oauth-identity-assertion-authz-grant): the user signs in once at the enterprise
 * IdP (OpenID Connect); for each MCP server the client exchanges the ID token at the IdP for an ID-JAG (RFC 8693)
 * and presents that to the server's authorization server as a JWT authorization grant (RFC 7523).
 */
/** The enterprise IdP a user signs in at, and how this client is registered there. */
export interface EnterpriseSettings {
  /** The IdP's issuer (OpenID Connect discovery runs against it). */
  issuer: string;
  /** This client's id at the IdP (a pre-registered client: enterprises do not allow registration). */
  clientId: string;
  /** Its secret, for a confidential client (Node only; the browser refuses secrets). */
  clientSecret?: string;
}

export const GRANT_TYPE_TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
export const GRANT_TYPE_JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
export const TOKEN_TYPE_ID_JAG = 'urn:ietf:params:oauth:token-type:id-jag';
export const TOKEN_TYPE_ID_TOKEN = 'urn:ietf:params:oauth:token-type:id_token';

/**
 * The key the IdP sign-in is stored under, in the place of an MCP server URL: the issuer with the client id in
 * the fragment. One sign-in per (IdP, client) serves every MCP server of that enterprise; the tokens of each MCP
 * server are stored under that server's own URL, as for any sign-in.
 */
export function idpSessionKey(settings: Pick<EnterpriseSettings, 'issuer' | 'clientId'>): string {
  const url = new URL(settings.issuer);
  url.hash = `client_id=${encodeURIComponent(settings.clientId)}`;
  return url.href;
}

export const idpLockName = (settings: Pick<EnterpriseSettings, 'issuer' | 'clientId'>) =>
  `mcp-use:idp:${JSON.stringify([settings.issuer, settings.clientId])}`;

export const enterpriseLockName = (serverUrl: string) => `mcp-use:enterprise:${JSON.stringify([serverUrl])}`;

/**
 * The `exp` of a JWT, in ms since the epoch, read without verifying it: the client only decides whether the
 * ID token is still worth presenting; the IdP that issued it checks it.
 */
export function jwtExpiry(jwt: string): number | undefined {
  const payload = jwt.split('.')[1];
  if (!payload) return undefined;
  try {
    const json = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: unknown };
    return typeof json.exp === 'number' ? json.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}
