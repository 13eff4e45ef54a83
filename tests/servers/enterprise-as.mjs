// The authorization server of an MCP server that takes part in Enterprise-Managed Authorization: oidc-provider on
// 127.0.0.1 with an RFC 7523 JWT bearer grant (registerGrantType) that accepts ID-JAGs from one trusted IdP and
// issues RFC 9068 JWT access tokens whose audience is the ID-JAG's `resource` (the MCP server). The ID-JAG is
// checked as the MCP profile §7.4 and §7.6.2 require: signature against the IdP's JWKS (RS256/ES256 only),
// `typ: oauth-id-jag+jwt`, `iss` = the IdP, `aud` = this issuer, `exp`/`iat`, `jti` never seen before, `client_id`
// = the authenticated client, `resource` = a loopback MCP server; the scope issued is the intersection of the
// requested scope and the ID-JAG's. No user ever signs in here.
//
//   node tests/servers/enterprise-as.mjs --idp ISSUER [--port N] [--client-id ID]...
//
// Clients: each --client-id (default `enterprise-client`), public, allowed the JWT bearer grant only.
// Prints `LISTENING <port>`. CORS on every answer. GET /__control/stats: { grants, rejected: { reason: n } }.
import { createRemoteJWKSet, errors as joseErrors, jwtVerify } from 'jose';
import { generateKeyPairSync } from 'node:crypto';
import Provider, { errors as oidcErrors } from 'oidc-provider';
import { listen, parseFlags, runServer } from './serverProcess.mjs';

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const ID_JAG_PROFILE = 'urn:ietf:params:oauth:grant-profile:id-jag';
const RESOURCE_SCOPES = 'mcp:tools mcp:admin';
const ACCESS_TTL_SECONDS = 3600;
const METADATA_TIMEOUT_MS = 5_000;

const stats = { grants: 0, rejected: {} };
const seenJti = new Map(); // jti → exp (s), kept until the ID-JAG expires

function isLoopbackResource(value) {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  } catch {
    return false;
  }
}

function resourceServerInfo(resource) {
  return {
    scope: RESOURCE_SCOPES,
    audience: resource,
    accessTokenTTL: ACCESS_TTL_SECONDS,
    accessTokenFormat: 'jwt',
    jwt: { sign: { alg: 'ES256' } },
  };
}

async function idpKeys(idp) {
  const response = await fetch(`${idp}/.well-known/openid-configuration`, {
    signal: AbortSignal.timeout(METADATA_TIMEOUT_MS),
  });
  const metadata = await response.json();
  if (metadata.issuer !== idp) throw new Error(`the IdP's metadata names another issuer: ${metadata.issuer}`);
  return createRemoteJWKSet(new URL(metadata.jwks_uri));
}

function createProvider(issuer, options, keys) {
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' });
  const provider = new Provider(issuer, {
    clients: options.clientIds.map((clientId) => ({
      client_id: clientId,
      token_endpoint_auth_method: 'none',
      grant_types: [JWT_BEARER],
      id_token_signed_response_alg: 'ES256',
      response_types: [],
      redirect_uris: [],
    })),
    jwks: { keys: [{ ...ec, kid: 'as', alg: 'ES256', use: 'sig' }] },
    cookies: { keys: ['enterprise-as-test-cookie-key'] },
    findAccount: async (_ctx, sub) => ({ accountId: sub, claims: async () => ({ sub }) }),
    clientBasedCORS: () => true,
    responseTypes: ['code'],
    pkce: { required: () => true },
    discovery: { authorization_grant_profiles_supported: [ID_JAG_PROFILE] },
    features: {
      devInteractions: { enabled: false },
      resourceIndicators: {
        enabled: true,
        defaultResource: async () => undefined,
        useGrantedResource: async () => true,
        getResourceServerInfo: async (_ctx, indicator) => {
          if (!isLoopbackResource(indicator)) throw new oidcErrors.InvalidTarget();
          return resourceServerInfo(indicator);
        },
      },
    },
  });
  provider.registerGrantType(JWT_BEARER, (ctx) => redeem(provider, keys, options.idp, ctx), [
    'assertion',
    'scope',
  ]);
  return provider;
}

function reject(reason, description) {
  stats.rejected[reason] = (stats.rejected[reason] ?? 0) + 1;
  // oidc-provider keeps the detail out of the answer; the client's error message is tested on it.
  return Object.assign(new oidcErrors.InvalidGrant(), { error_description: description });
}

/** Why jose refused the assertion, as the error_description says it. */
function verificationFailure(error) {
  if (error instanceof joseErrors.JWTExpired) return reject('expired', 'the ID-JAG expired');
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    if (error.claim === 'aud')
      return reject('audience', 'the ID-JAG is not for this authorization server (aud)');
    if (error.claim === 'typ') return reject('type', 'the assertion is not an ID-JAG (typ)');
    return reject('claims', `the ID-JAG's ${error.claim} claim is invalid`);
  }
  return reject('signature', 'the ID-JAG is not signed by the trusted identity provider');
}

async function redeem(provider, keys, idp, ctx) {
  const { params, client } = ctx.oidc;
  let claims;
  try {
    ({ payload: claims } = await jwtVerify(params.assertion ?? '', keys, {
      issuer: idp,
      audience: provider.issuer,
      typ: 'oauth-id-jag+jwt',
      algorithms: ['RS256', 'ES256'],
      requiredClaims: ['sub', 'exp', 'iat', 'jti', 'client_id'],
      clockTolerance: 5,
    }));
  } catch (error) {
    throw verificationFailure(error);
  }
  const now = Math.floor(Date.now() / 1000);
  for (const [jti, exp] of seenJti) if (exp < now) seenJti.delete(jti);
  if (seenJti.has(claims.jti)) throw reject('replay', 'the ID-JAG was already used (jti)');
  seenJti.set(claims.jti, claims.exp);
  if (claims.client_id !== client.clientId) throw reject('client', 'the ID-JAG was issued to another client');
  if (typeof claims.resource !== 'string' || !isLoopbackResource(claims.resource)) {
    throw reject('resource', 'the ID-JAG names no MCP server of this authorization server (resource)');
  }
  const granted = new Set(
    String(claims.scope ?? '')
      .split(' ')
      .filter(Boolean),
  );
  const requested = params.scope ? params.scope.split(' ') : [...granted];
  const resourceScopes = new Set(RESOURCE_SCOPES.split(' '));
  const scope = requested.filter((s) => granted.has(s) && resourceScopes.has(s)).join(' ');

  const grant = new provider.Grant({ accountId: claims.sub, clientId: client.clientId });
  if (scope) grant.addResourceScope(claims.resource, scope);
  const grantId = await grant.save();
  const token = new provider.AccessToken({
    accountId: claims.sub,
    client,
    grantId,
    gty: 'jwt_bearer',
    scope: scope || undefined,
  });
  token.resourceServer = new provider.ResourceServer(claims.resource, resourceServerInfo(claims.resource));
  const value = await token.save();
  stats.grants += 1;
  ctx.body = {
    access_token: value,
    token_type: 'Bearer',
    expires_in: token.expiration,
    ...(scope ? { scope } : {}),
  };
}

function withCors(req, res) {
  const origin = req.headers.origin;
  const writeHead = res.writeHead;
  res.writeHead = function corsWriteHead(...args) {
    if (!res.hasHeader('access-control-allow-origin'))
      res.setHeader('Access-Control-Allow-Origin', origin ?? '*');
    res.setHeader('Access-Control-Expose-Headers', 'WWW-Authenticate');
    return writeHead.apply(this, args);
  };
  if (req.method !== 'OPTIONS') return false;
  res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
  res.setHeader(
    'Access-Control-Allow-Headers',
    req.headers['access-control-request-headers'] || 'content-type',
  );
  res.writeHead(204).end();
  return true;
}

async function main() {
  const values = parseFlags({
    idp: { type: 'string' },
    'client-id': { type: 'string', multiple: true, default: ['enterprise-client'] },
  });
  if (!values.idp || !isLoopbackResource(values.idp)) throw new Error('--idp must be a loopback issuer URL');
  const keys = await idpKeys(values.idp);
  let callback;
  await listen(
    async (req, res) => {
      const path = new URL(req.url ?? '/', 'http://placeholder').pathname;
      if (withCors(req, res)) return;
      if (req.method === 'GET' && path === '/__control/stats') {
        return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(stats));
      }
      return callback(req, res);
    },
    values.port,
    {
      ready: (issuer) => {
        const provider = createProvider(issuer, { clientIds: values['client-id'], idp: values.idp }, keys);
        callback = provider.callback();
      },
    },
  );
}

runServer(main);
