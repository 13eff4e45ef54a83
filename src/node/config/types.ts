import type { TokenEndpointAuthMethod } from '../../auth/types';
import type { TransportType } from '../../core/types';

/**
 * Any string value in a server entry (nested ones too: header values, args, env values, the url) may contain
 * `${VAR}` references to environment variables. They are resolved when a session for that server is created,
 * not when the configuration is loaded: see `docs/node-client.md`. Write `$${` for a literal `${`.
 */
interface ServerEntryBase {
  /** Client name announced to this server; overrides `MCPClientOptions.clientName`. */
  clientName?: string;
  /** Default timeout of each request to this server, in milliseconds; overrides `MCPClientOptions.requestTimeoutMs`. */
  requestTimeoutMs?: number;
}

/**
 * OAuth settings of an HTTP server entry (the reference page's "OAuth Configuration Parameters"). Any of them
 * — or an `auth` object, even empty — turns OAuth on for the entry: the user signs in through the browser with
 * a loopback redirect to `http://127.0.0.1:<callback_port>/callback`.
 */
export interface OAuthEntrySettings {
  /** Pre-registered client id; without it the client registers itself (Dynamic Client Registration). */
  client_id?: string;
  /** Secret of the pre-registered client (confidential clients). */
  client_secret?: string;
  /** Scopes to ask for (space-separated); default: what the server's challenge or metadata names. */
  scope?: string;
  /** Port of the loopback redirect; default 8080. */
  callback_port?: number;
  /**
   * Client ID Metadata Document URL (https, with a path; http only on loopback): presented as the client id to
   * authorization servers that advertise `client_id_metadata_document_supported`, instead of registering.
   */
  client_metadata_url?: string;
  /** Authorization-server metadata (RFC 8414) known in advance: skips authorization-server discovery. */
  oauth_provider?: OAuthProviderMetadata;
  /**
   * Enterprise-Managed Authorization: sign in at the enterprise IdP instead of this server's authorization
   * server; its tokens come from ID-JAGs. Entries naming the same IdP and client share one sign-in.
   */
  enterprise?: EnterpriseEntrySettings;
  /**
   * Which of the user's accounts on this server (e.g. `work`, `personal`): each name keeps its own tokens,
   * client registration and pending sign-ins, so two entries with one URL and two accounts sign in as two
   * users. 1–64 letters, digits and `. _ - @ +`; default: the one unnamed account.
   */
  account?: string;
  /**
   * The exact redirect URI, for servers that accept only the one registered: a loopback `http:` URL (127.0.0.1,
   * localhost or [::1]) whose host, port and path the sign-in listener takes exactly. Overrides `callback_port`.
   */
  redirect_uri?: string;
  /** How the client authenticates at the token endpoint; default: what the server's metadata says (RFC 8414). */
  token_endpoint_auth_method?: TokenEndpointAuthMethod;
  /**
   * Extra authorization-request parameters, e.g. `{ "audience": "https://api.example.com" }`; the ones the
   * sign-in sets itself (state, PKCE, redirect_uri, client_id, response_type, resource, scope…) are refused.
   */
  authorization_params?: Record<string, string>;
  /** RFC 8707 `resource`: `false` leaves it out of every request; a URL is sent instead of the server's identifier. */
  resource?: false | string;
  /**
   * Accept this one issuer when the authorization server the MCP server names declares another in its metadata
   * (RFC 8414 §3.3 otherwise refuses it); a warning is logged every time it is used.
   */
  trust_issuer?: string;
  /** `client_name` sent at Dynamic Client Registration (default `mcp-use`). */
  client_name?: string;
  /** Ask for `openid` and send the ID token instead of the access token as the bearer. */
  use_id_token?: boolean;
}

/** The enterprise IdP (OpenID Connect) and this client's pre-registration there. */
export interface EnterpriseEntrySettings {
  /** The IdP's issuer URL. */
  issuer: string;
  client_id: string;
  /** For a confidential client; write it as `${VAR}` so it stays out of the file. */
  client_secret?: string;
}

/** RFC 8414 metadata; `issuer`, `authorization_endpoint` and `token_endpoint` are required. */
export interface OAuthProviderMetadata {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  [field: string]: unknown;
}

/**
 * A server reached over HTTP (Streamable HTTP, or the older HTTP+SSE transport).
 *
 * Authorization precedence: an `Authorization` header in `headers` (any letter case) is the most specific
 * setting and wins; `authToken`/`auth_token` is then ignored, with a `debug` log entry saying so. Otherwise the
 * token is sent as `Authorization: Bearer <token>` (a token that already starts with `Bearer ` is sent as is).
 * `authToken` and `auth_token` together with different values are a configuration error.
 */
export interface HttpServerEntry extends ServerEntryBase, OAuthEntrySettings {
  /** The MCP endpoint, an absolute http: or https: URL. */
  url: string;
  /** Bearer token, sent as `Authorization: Bearer <token>` unless `headers` sets Authorization itself. */
  authToken?: string;
  /** snake_case alias of `authToken`, for Python-style configurations. */
  auth_token?: string;
  /** Headers sent with every request; an `Authorization` entry here wins over `authToken`. */
  headers?: Record<string, string>;
  /** `auto` (default) tries Streamable HTTP and falls back to HTTP+SSE. */
  transportType?: TransportType;
  /** The OAuth settings grouped in one object (the same fields as on the entry itself); `{}` turns OAuth on. */
  auth?: OAuthEntrySettings;
}

/** A server started as a child process and spoken to over its stdin/stdout. */
export interface StdioServerEntry extends ServerEntryBase {
  /** The executable (looked up on PATH when not a path). */
  command: string;
  args?: string[];
  /** Added to (and overriding) the client's environment for the child process. */
  env?: Record<string, string>;
  /** Working directory of the child; defaults to the client's. */
  cwd?: string;
}

export type ServerEntry = HttpServerEntry | StdioServerEntry;

/** The configuration file / `fromDict` shape, compatible with other MCP clients' `mcpServers` files. */
export interface MCPClientConfig {
  mcpServers: Record<string, ServerEntry>;
}

/** One validated server entry, tagged by kind. Strings may still hold `${VAR}` references until resolved. */
export type ServerDefinition =
  | { readonly name: string; readonly kind: 'http'; readonly entry: Readonly<HttpServerEntry> }
  | { readonly name: string; readonly kind: 'stdio'; readonly entry: Readonly<StdioServerEntry> };
