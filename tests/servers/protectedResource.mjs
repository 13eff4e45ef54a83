// The OAuth resource-server side shared by the OAuth-protected MCP servers (tests/servers/oauth-mcp-server.mjs,
// bench/servers/legacy-oauth-mcp-server.mjs): the authorization server they trust (--issuer), RFC 9068 JWT
// access tokens checked against its keys, their RFC 9728 metadata and the RFC 6750 401 challenge.
import * as oauth from 'oauth4webapi';

const METADATA_TIMEOUT_MS = 5_000;
const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost'];

/** `--issuer URL` (required) and `--scope S`, for serverProcess.mjs `parseFlags`. */
export const PROTECTED_RESOURCE_FLAGS = {
  issuer: { type: 'string' },
  scope: { type: 'string', default: 'mcp:tools' },
};

/** The trusted issuer must be on loopback: these servers fetch signing keys from nowhere else. */
function loopbackIssuer(value) {
  if (!value) throw new Error('--issuer URL is required');
  if (!LOOPBACK_HOSTS.includes(new URL(value).hostname)) throw new Error('--issuer must be a loopback URL');
  return value;
}

/** The authorization server's metadata (RFC 8414), read once at startup: its JWKS verifies the tokens. */
async function loadAuthorizationServer(issuer) {
  const issuerUrl = new URL(issuer);
  const response = await oauth.discoveryRequest(issuerUrl, {
    algorithm: 'oauth2',
    [oauth.allowInsecureRequests]: true,
    signal: AbortSignal.timeout(METADATA_TIMEOUT_MS),
  });
  return oauth.processDiscoveryResponse(issuerUrl, response);
}

const quote = (value) => `"${String(value).replace(/["\\]/g, '\\$&')}"`;

/**
 * The OAuth side of the MCP endpoint at `path`, trusting `issuer` and asking for `scope`. Its URLs exist once
 * the server listens: call `listeningAt(origin)` before answering anything (serverProcess.mjs `ready`).
 */
export async function createProtectedResource({ issuer, scope, path, name }) {
  const as = await loadAuthorizationServer(loopbackIssuer(issuer));
  // RFC 9728 §3.1: the metadata of the resource at `path` sits at the path-aware well-known URL.
  const metadataPath = `/.well-known/oauth-protected-resource${path}`;
  let resource;
  let metadataUrl;
  let clockAheadSeconds = 0;

  return {
    metadataPath,
    get resource() {
      return resource;
    },
    get metadataUrl() {
      return metadataUrl;
    },
    /**
     * Checks expiry as if this server's clock were `seconds` ahead (0 puts it back), so a test can have a token
     * refused as expired, by the real check, without waiting for it to expire.
     */
    setClockAhead(seconds) {
      clockAheadSeconds = seconds;
    },
    listeningAt(origin) {
      resource = `${origin}${path}`;
      metadataUrl = `${origin}${metadataPath}`;
    },
    metadata: () => ({
      resource,
      authorization_servers: [issuer],
      scopes_supported: scope.split(' '),
      bearer_methods_supported: ['header'],
      ...(name ? { resource_name: name } : {}),
    }),
    /**
     * The 401 answer: an RFC 6750 §3 challenge with the RFC 9728 §5.1 `resource_metadata` parameter and the
     * scope this server wants; `invalid_token` with the reason when a token was sent but refused.
     */
    unauthorized(error) {
      const params = [`resource_metadata=${quote(metadataUrl)}`, `scope=${quote(scope)}`];
      if (error) params.unshift(`error=${quote('invalid_token')}`, `error_description=${quote(error)}`);
      return {
        status: 401,
        headers: { 'WWW-Authenticate': `Bearer ${params.join(', ')}` },
        body: { error: error ? 'invalid_token' : 'unauthorized' },
      };
    },
    /**
     * Checks the Authorization header's JWT access token: signature (the issuer's JWKS), issuer, expiry and
     * audience = this resource (RFC 8707, so a token issued for another server is refused). Resolves the
     * claims. No clock tolerance, so a token is refused the second it expires.
     */
    validate(authorization) {
      // Only the Authorization header matters to the check (no DPoP here).
      const request = new Request(resource, { headers: { authorization } });
      return oauth.validateJwtAccessToken(as, request, resource, {
        [oauth.allowInsecureRequests]: true,
        [oauth.clockTolerance]: 0,
        [oauth.clockSkew]: clockAheadSeconds,
      });
    },
  };
}
