/**
 * The two refusals of Enterprise-Managed Authorization, one per party, so a program (and the person reading the
 * message) knows whom to ask: the enterprise IdP (its access policy for this client and MCP server) or the MCP
 * server's authorization server (its trust in the IdP, the audience and resource it expects).
 */
import { McpUseError, type McpUseErrorDetails } from '../core/errors';

interface OAuthRefusalDetails extends McpUseErrorDetails {
  oauthError?: string;
  oauthErrorDescription?: string;
}

/**
 * The IdP refused the token exchange (RFC 8693) that turns the ID token into an ID-JAG for this MCP server: the
 * enterprise's policy does not let this client reach this server (or these scopes), or the IdP does not know the
 * client. Fixed at the IdP, by its administrator.
 */
export class IdJagRefusedError extends McpUseError {
  readonly idpIssuer: string;
  /** The authorization server the ID-JAG was asked for (`audience`). */
  readonly audience: string;
  readonly oauthError?: string;
  readonly oauthErrorDescription?: string;
  constructor(idpIssuer: string, audience: string, details: OAuthRefusalDetails = {}) {
    const why = details.oauthError ? ` (${details.oauthError})` : '';
    super(
      'auth_id_jag_refused',
      `The identity provider ${idpIssuer} refused an ID-JAG for ${details.serverUrl ?? audience}${why}: ` +
        `ask its administrator to allow this client to reach that MCP server (audience ${audience})`,
      details,
    );
    this.idpIssuer = idpIssuer;
    this.audience = audience;
    if (details.oauthError !== undefined) this.oauthError = details.oauthError;
    if (details.oauthErrorDescription !== undefined)
      this.oauthErrorDescription = details.oauthErrorDescription;
  }
}

/**
 * The MCP server's authorization server refused the ID-JAG (RFC 7523 JWT bearer grant): it does not trust the
 * IdP, or the assertion's audience, resource, client or lifetime is not what it expects. Fixed in that
 * authorization server's enterprise settings (or the IdP's mapping of this server).
 */
export class IdJagRejectedError extends McpUseError {
  /** The authorization server that refused. */
  readonly issuer: string;
  readonly idpIssuer: string;
  readonly oauthError?: string;
  readonly oauthErrorDescription?: string;
  constructor(issuer: string, idpIssuer: string, details: OAuthRefusalDetails = {}) {
    const why = details.oauthError
      ? ` (${details.oauthError}${details.oauthErrorDescription ? `: ${details.oauthErrorDescription}` : ''})`
      : '';
    super(
      'auth_id_jag_rejected',
      `The authorization server ${issuer} rejected the ID-JAG from ${idpIssuer}${why}: it must trust that ` +
        'identity provider, and the IdP must name this authorization server as audience and the MCP server as resource',
      details,
    );
    this.issuer = issuer;
    this.idpIssuer = idpIssuer;
    if (details.oauthError !== undefined) this.oauthError = details.oauthError;
    if (details.oauthErrorDescription !== undefined)
      this.oauthErrorDescription = details.oauthErrorDescription;
  }
}
