/**
 * The per-server OAuth settings a user gives on any surface (`useMcp` options, a config entry, CLI flags) and
 * every runtime hands to the engine unchanged. Declared once, so a new setting is added in one place; the names
 * each surface uses for it are in ./settingNames.ts, the rules its values follow in ./settingRules.ts.
 *
 * A server that follows the MCP authorization spec needs none of them. Each one exists because a real server
 * bends the spec in a way the engine cannot guess; none of them loosens a check without saying so in the log.
 */
import { definedFields } from '../core/definedFields';
import type { TokenEndpointAuthMethod } from './types';

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
  /**
   * The exact redirect URI (host, port and path), for servers that accept only the one registered. In a browser:
   * the app's callback page, on the page's origin (default `<origin>/callback`). In Node: a loopback `http:` URL,
   * which the sign-in listener takes exactly (default `http://127.0.0.1:<callbackPort>/callback`).
   */
  callbackUrl?: string;
  /**
   * How the client authenticates at the token endpoint (RFC 6749 §2.3). Default: for a client with a secret,
   * `client_secret_basic` unless the server's metadata lists only `client_secret_post`; `none` otherwise. For
   * servers whose metadata does not say what they take.
   */
  tokenEndpointAuthMethod?: TokenEndpointAuthMethod;
  /**
   * Extra parameters of the authorization request, e.g. `{ audience: 'https://api.example.com' }` or
   * `{ access_type: 'offline', prompt: 'consent' }`. The parameters the engine owns (state, PKCE, redirect URI,
   * client id, response type and mode, resource, scope, request objects) are refused: each has its own setting.
   */
  authorizationParams?: Record<string, string>;
  /**
   * The RFC 8707 `resource` parameter: `false` leaves it out of the authorization, token and refresh requests
   * (servers that answer it with `invalid_target`); a URL sends that instead of the server's resource identifier.
   * Tokens are stored and sent for the MCP server they were obtained for either way.
   */
  resource?: false | string;
  /**
   * The one issuer to accept when the authorization server the MCP server names declares another `issuer` in its
   * metadata (RFC 8414 §3.3 is otherwise applied exactly). Logged at `warn` every time it is used.
   */
  trustIssuer?: string;
  /** Ask for `openid` and send the ID token, instead of the access token, as the bearer. */
  useIdToken?: boolean;
}

/** Every setting, so that the runtimes hand each one on without naming it. */
const CLIENT_SETTINGS = [
  'clientId',
  'clientSecret',
  'clientMetadataUrl',
  'clientName',
  'scope',
  'callbackUrl',
  'tokenEndpointAuthMethod',
  'authorizationParams',
  'resource',
  'trustIssuer',
  'useIdToken',
  'account',
] as const satisfies readonly (keyof OAuthClientSettings)[];
// Every setting is in the list: leaving one out is a type error here.
const listIsComplete: Exclude<keyof OAuthClientSettings, (typeof CLIENT_SETTINGS)[number]> extends never
  ? true
  : never = true;
void listIsComplete;

/** The settings of `options` that are set, and nothing else (the engine's options are exact). */
export function clientSettingsOf(options: OAuthClientSettings): OAuthClientSettings {
  return definedFields(
    Object.fromEntries(CLIENT_SETTINGS.map((key) => [key, options[key]])) as OAuthClientSettings,
  );
}
