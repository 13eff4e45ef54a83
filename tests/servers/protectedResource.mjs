// The OAuth resource-server side shared by the OAuth-protected MCP servers (tests/servers/oauth-mcp-server.mjs,
// bench/servers/legacy-oauth-mcp-server.mjs): the authorization server they trust (--issuer), RFC 9068 JWT
// access tokens checked against its keys, their RFC 9728 metadata and the RFC 6750 401 challenge.
import { createPublicKey, verify } from 'node:crypto';
import * as oauth from 'oauth4webapi';

const METADATA_TIMEOUT_MS = 5_000;
const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost'];

/**
 * `--issuer URL` (required), `--scope S`, and for the gallery's servers (tests/gallery/): `--audience A` (the
 * `aud` tokens must carry; default the server's own URL), `--prm-issuer URL` (the authorization server identifier
 * the metadata names, when it is not how that server's metadata names itself) and `--bearer id_token` (take OIDC
 * ID tokens, audience = the client id, instead of RFC 9068 access tokens).
 */
export const PROTECTED_RESOURCE_FLAGS = {
  issuer: { type: 'string' },
  scope: { type: 'string', default: 'mcp:tools' },
  audience: { type: 'string' },
  'prm-issuer': { type: 'string' },
  bearer: { type: 'string', default: 'access_token' },
};

const base64url = (text) => Buffer.from(text, 'base64url');

/**
 * An OIDC ID token (OIDC Core §3.1.3.7) as a bearer, the way servers behind Cognito do: an RS256 signature by one of
 * the issuer's keys, its issuer, an audience that includes `audience`, not expired. Resolves the claims.
 */
async function validateIdToken(as, authorization, audience, nowSeconds) {
  const token = /^Bearer (.+)$/i.exec(authorization ?? '')?.[1];
  const [header, payload, signature] = token?.split('.') ?? [];
  if (!header || !payload || !signature) throw new Error('not a JWT');
  const { alg, kid } = JSON.parse(base64url(header).toString());
  if (alg !== 'RS256') throw new Error(`unexpected alg ${alg}`);
  const jwks = await (await fetch(as.jwks_uri, { signal: AbortSignal.timeout(METADATA_TIMEOUT_MS) })).json();
  const jwk = jwks.keys.find((key) => key.kid === kid);
  if (!jwk) throw new Error('unknown signing key');
  const signed = Buffer.from(`${header}.${payload}`);
  if (!verify('sha256', signed, createPublicKey({ key: jwk, format: 'jwk' }), base64url(signature))) {
    throw new Error('bad signature');
  }
  const claims = JSON.parse(base64url(payload).toString());
  if (claims.iss !== as.issuer) throw new Error('unexpected issuer');
  if (![claims.aud].flat().includes(audience)) throw new Error('unexpected JWT "aud" (audience) claim value');
  if (!(claims.exp > nowSeconds)) throw new Error('the ID token has expired');
  return claims;
}

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
export async function createProtectedResource({ issuer, scope, path, name, audience, prmIssuer, bearer }) {
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
      authorization_servers: [prmIssuer ?? issuer],
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
      if (bearer === 'id_token') {
        return validateIdToken(
          as,
          authorization,
          audience,
          Math.floor(Date.now() / 1000) + clockAheadSeconds,
        );
      }
      // Only the Authorization header matters to the check (no DPoP here).
      const request = new Request(resource, { headers: { authorization } });
      return oauth.validateJwtAccessToken(as, request, audience ?? resource, {
        [oauth.allowInsecureRequests]: true,
        [oauth.clockTolerance]: 0,
        [oauth.clockSkew]: clockAheadSeconds,
      });
    },
  };
}
