/**
 * The per-server OAuth settings a user gives on any surface (`useMcp` options, a config entry, CLI flags) and
 * every runtime hands to the engine unchanged. Declared once, so a new setting is added in one place.
 */
import { definedFields } from '../core/definedFields';

export interface OAuthClientSettings {
  /** Pre-registered client (skips the Client ID Metadata Document and Dynamic Client Registration). */
  clientId?: string;
  /** Secret of the pre-registered client (confidential clients). */
  clientSecret?: string;
  /** Client ID Metadata Document URL, used when the authorization server supports it. */
  clientMetadataUrl?: string;
  /** `client_name` for dynamic registration. Default `mcp-use`. */
  clientName?: string;
  /** Scope to request instead of the server's challenge / `scopes_supported`. */
  scope?: string;
  /**
   * Which of the user's accounts on this server (work, personal, a tenant): each name has its own tokens,
   * client registration and pending sign-ins. Default: the one unnamed account.
   */
  account?: string;
}

/** The settings of `options` that are set, and nothing else (the engine's options are exact). */
export function clientSettingsOf(options: OAuthClientSettings): OAuthClientSettings {
  const { clientId, clientSecret, clientMetadataUrl, clientName, scope, account } = options;
  return definedFields({ clientId, clientSecret, clientMetadataUrl, clientName, scope, account });
}
