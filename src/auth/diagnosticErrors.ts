/**
 * Failures that a per-server setting fixes. Each message says what happened, at which server, and which setting
 * addresses it on every surface (config entry, `useMcp`, CLI) — never a token, a code or a secret. Their codes are
 * in the engine's table (`AuthErrorCode`, ./errors.ts).
 */
import { McpUseError, type McpUseErrorDetails } from '../core/errors';
import { OMIT_RESOURCE, type SettingName, settingOnEachSurface } from './settingNames';

const set = (name: SettingName) => `set ${settingOnEachSurface(name)}`;
/** Where a secret goes for `useMcp`: never in the page. */
const BROWSER_SECRET =
  "; in a browser, in the clients of the app's proxy (mcp-use/proxy) with `oauthProxyUrl`";
const described = (error: string | undefined, description: string | undefined) =>
  error ? ` (${error}${description ? `: ${description}` : ''})` : '';

/** A setting's value (or a combination of settings) that the engine cannot use, named as the options name it. */
export class OAuthSettingError extends McpUseError {
  readonly setting: SettingName;
  constructor(setting: SettingName, problem: string, details: McpUseErrorDetails = {}) {
    super('auth_invalid_setting', `The OAuth setting ${setting} ${problem}`, details);
    this.setting = setting;
  }
}

/**
 * The authorization server offers no way for the client to register itself (no RFC 7591 registration endpoint,
 * no Client ID Metadata Documents) and no client id was configured: someone has to register a client there first.
 */
export class ClientIdRequiredError extends McpUseError {
  readonly issuer: string;
  /** The redirect URI to register with the client. */
  readonly redirectUri: string;
  constructor(
    issuer: string,
    redirectUri: string,
    details: McpUseErrorDetails & { metadataDocuments?: boolean } = {},
  ) {
    const metadataDocument = details.metadataDocuments
      ? `; or, since it accepts Client ID Metadata Documents, publish one listing that redirect URI and ${set('clientMetadataUrl')}`
      : '';
    super(
      'auth_client_id_required',
      `The authorization server ${issuer} offers no dynamic client registration, so it needs a client registered there in advance: register one with the redirect URI ${JSON.stringify(redirectUri)}, then ${set('clientId')}, and its secret, if it has one, with ${settingOnEachSurface('clientSecret')}${BROWSER_SECRET}${metadataDocument}`,
      details,
    );
    this.issuer = issuer;
    this.redirectUri = redirectUri;
  }
}

export type RedirectRefusal = 'registration' | 'authorization';

/**
 * The redirect URI was refused: at Dynamic Client Registration (RFC 7591 `invalid_redirect_uri`), or by the
 * authorization endpoint itself, which answers an unknown client id or redirect URI with an error page instead of a
 * redirect (RFC 6749 §4.1.2.1) — seen by trying the request once before the user is sent there.
 */
export class RedirectUriRefusedError extends McpUseError {
  readonly where: RedirectRefusal;
  readonly redirectUri: string;
  readonly issuer: string;
  readonly oauthError?: string;
  constructor(
    where: RedirectRefusal,
    redirectUri: string,
    issuer: string,
    details: McpUseErrorDetails & {
      clientId?: string;
      oauthError?: string;
      description?: string;
      /** The server accepts Client ID Metadata Documents. */
      metadataDocuments?: boolean;
    } = {},
  ) {
    const { clientId, oauthError, description, metadataDocuments } = details;
    const uri = JSON.stringify(redirectUri);
    const message =
      where === 'registration'
        ? `The authorization server ${issuer} refused to register the redirect URI ${uri}${described(oauthError ?? 'refused', description)}: use one it accepts — ${set('callbackUrl')}${
            metadataDocuments
              ? `; or publish a Client ID Metadata Document listing ${uri} and ${set('clientMetadataUrl')}`
              : ''
          }; or register a client in advance and ${set('clientId')}`
        : `The authorization server ${issuer} refused to start a sign-in${details.status ? ` (HTTP ${details.status})` : ''} for client ${JSON.stringify(clientId)} with the redirect URI ${uri}, which it does when the client id is unknown there or the redirect URI is not exactly one registered for it (host, port and path): register ${uri} for the client, or ${set('callbackUrl')} to the URI registered`;
    super('auth_redirect_uri_refused', message, details);
    this.where = where;
    this.redirectUri = redirectUri;
    this.issuer = issuer;
    if (oauthError !== undefined) this.oauthError = oauthError;
  }
}

/** The token endpoint refused a pre-registered client's authentication (`invalid_client`, RFC 6749 §5.2). */
export class ClientAuthenticationError extends McpUseError {
  readonly issuer: string;
  /** How the client authenticated (RFC 6749 §2.3). */
  readonly method: string;
  readonly oauthError: string;
  constructor(
    issuer: string,
    method: string,
    details: McpUseErrorDetails & { oauthError?: string; description?: string } = {},
  ) {
    const oauthError = details.oauthError ?? 'invalid_client';
    const secretHint =
      method === 'none'
        ? `a confidential client needs its secret: ${set('clientSecret')}${BROWSER_SECRET}`
        : `check the secret (${settingOnEachSurface('clientSecret')})`;
    super(
      'auth_client_auth_refused',
      `The token endpoint of ${issuer} refused the client's authentication by ${method}${described(oauthError, details.description)}: ${secretHint}, and ${set('tokenEndpointAuthMethod')} to the method the client was registered with (client_secret_basic, client_secret_post or none)`,
      details,
    );
    this.issuer = issuer;
    this.method = method;
    this.oauthError = oauthError;
  }
}

/** The authorization server refused the RFC 8707 `resource` parameter (`invalid_target`). */
export class ResourceRejectedError extends McpUseError {
  /** The resource indicator sent; undefined when none was. */
  readonly resource?: string;
  readonly oauthError = 'invalid_target';
  constructor(
    issuer: string,
    resource: string | undefined,
    details: McpUseErrorDetails & { description?: string } = {},
  ) {
    super(
      'auth_resource_rejected',
      resource === undefined
        ? `The authorization server ${issuer} refused the request${described('invalid_target', details.description)} although no resource indicator was sent: ${set('resource')} to the identifier it expects`
        : `The authorization server ${issuer} refused the resource indicator ${JSON.stringify(resource)}${described('invalid_target', details.description)}: if it takes no resource parameter, ${OMIT_RESOURCE}; if it expects another identifier, ${set('resource')} to that URL`,
      details,
    );
    if (resource !== undefined) this.resource = resource;
  }
}

/** The authorization server refused the requested scope (`invalid_scope`, RFC 6749 §4.1.2.1 / §5.2). */
export class ScopeRejectedError extends McpUseError {
  /** The scope asked for, when known. */
  readonly scope?: string;
  readonly oauthError = 'invalid_scope';
  constructor(
    issuer: string,
    scope: string | undefined,
    details: McpUseErrorDetails & { description?: string } = {},
  ) {
    const asked = scope === undefined ? 'the requested scope' : `the scope ${JSON.stringify(scope)}`;
    const offline = scope?.split(' ').includes('offline_access')
      ? `; a server that refuses offline_access may issue refresh tokens for extra authorization parameters instead (e.g. access_type=offline): ${settingOnEachSurface('authorizationParams')}`
      : '';
    super(
      'auth_scope_rejected',
      `The authorization server ${issuer} refused ${asked}${described('invalid_scope', details.description)}: ${set('scope')} to scopes it accepts${offline}`,
      details,
    );
    if (scope !== undefined) this.scope = scope;
  }
}

/**
 * The MCP server refused the tokens of two sign-ins in a row, each on its first use. Signing in again would get
 * the same kind of token, so the engine stops: the token is most likely for another audience.
 */
export class TokenRefusedError extends McpUseError {
  /** What was sent as the bearer. */
  readonly bearer: 'access_token' | 'id_token';
  constructor(
    bearer: 'access_token' | 'id_token',
    issuer: string,
    details: McpUseErrorDetails & { challengeError?: string; description?: string } = {},
  ) {
    const token = bearer === 'id_token' ? 'ID token' : 'access token';
    super(
      'auth_token_refused',
      `${details.serverUrl ?? 'The MCP server'} refused the ${token} that ${issuer} issued for it${described(details.challengeError, details.description)}, for the second sign-in in a row and before accepting anything with it, so signing in again would not help: the token is probably for another audience. Some authorization servers issue one for the MCP server only when asked, e.g. with audience=<its API> in ${settingOnEachSurface('authorizationParams')}; some MCP servers take the ID token as the bearer: ${settingOnEachSurface('useIdToken')}`,
      details,
    );
    this.bearer = bearer;
  }
}
