// A real enterprise identity provider for the Enterprise-Managed Authorization tests: oidc-provider on 127.0.0.1
// with OpenID Connect sign-in (authorization code + PKCE, refresh tokens with offline_access) for pre-registered
// clients only, and an RFC 8693 token exchange grant (registerGrantType) that takes the ID token it issued and
// mints an ID-JAG (draft-ietf-oauth-identity-assertion-authz-grant §3): a JWT signed with the IdP's published key,
// `typ: oauth-id-jag+jwt`, with `aud` (the MCP server's authorization server), `resource` (the MCP server),
// `client_id`, `sub`, `scope`, `jti` and a 5-minute lifetime.
//
//   node tests/servers/enterprise-idp.mjs [--port N] [--client-id ID] [--web-redirect-uri URL]...
//
// Clients: `--client-id` (default `enterprise-client`), public and native (any loopback port for
// http://127.0.0.1/callback, RFC 8252 §7.3); with --web-redirect-uri also `<client-id>-web`, a public web client
// for those exact redirect URIs (browser tests). The fixed test user signs in and consents without UI.
// Prints `LISTENING <port>`; the issuer is `http://127.0.0.1:<port>`. CORS on every answer.
//
// Control endpoints (no auth, loopback only):
//   GET  /__control/stats   { authorizations, exchanges, exchangesRefused, refreshes }
//   POST /__control/id-jag  body {"mode": M}: what the next exchanges do — "ok"; "refuse" (the enterprise policy
//                           says no: invalid_target); "expired", "wrong-audience", "bad-signature" (an ID-JAG the
//                           authorization server must reject)
//   POST /__control/id-token-ttl body {"seconds": N}: the lifetime of the ID tokens issued from now on
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { importJWK, SignJWT } from 'jose';
import Provider, { errors as oidcErrors } from 'oidc-provider';
import { listen, parseFlags, runServer } from './serverProcess.mjs';

const TEST_SUBJECT = 'enterprise-user';
const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const ID_JAG = 'urn:ietf:params:oauth:token-type:id-jag';
const ID_TOKEN = 'urn:ietf:params:oauth:token-type:id_token';
const ID_JAG_TTL_SECONDS = 300;
const MODES = new Set(['ok', 'refuse', 'expired', 'wrong-audience', 'bad-signature']);
const MAX_CONTROL_BODY_BYTES = 4096;

const stats = { authorizations: 0, exchanges: 0, exchangesRefused: 0, refreshes: 0 };
const control = { mode: 'ok', idTokenTtl: 3600 };
/** Read by oidc-provider for every ID token it issues, so /__control/id-token-ttl applies from the next one. */
const idTokenTtl = () => control.idTokenTtl;

function rsaKey(kid) {
  const jwk = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  return { ...jwk, kid, alg: 'RS256', use: 'sig' };
}

function isLoopbackUrl(value) {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  } catch {
    return false;
  }
}

function createProvider(issuer, options) {
  const signing = rsaKey('idp');
  // Same kid, a key nobody published: an ID-JAG signed with it must fail signature verification.
  const forged = rsaKey('idp');
  const clients = [
    {
      client_id: options.clientId,
      token_endpoint_auth_method: 'none',
      application_type: 'native',
      redirect_uris: ['http://127.0.0.1/callback'],
      grant_types: ['authorization_code', 'refresh_token', TOKEN_EXCHANGE],
      response_types: ['code'],
    },
  ];
  if (options.webRedirectUris.length > 0) {
    clients.push({
      client_id: `${options.clientId}-web`,
      token_endpoint_auth_method: 'none',
      application_type: 'web',
      redirect_uris: options.webRedirectUris,
      grant_types: ['authorization_code', 'refresh_token', TOKEN_EXCHANGE],
      response_types: ['code'],
    });
  }
  const provider = new Provider(issuer, {
    clients,
    jwks: { keys: [signing] },
    cookies: { keys: ['enterprise-idp-test-cookie-key'] },
    findAccount: async (_ctx, sub) => ({ accountId: sub, claims: async () => ({ sub }) }),
    clientBasedCORS: () => true,
    responseTypes: ['code'],
    pkce: { required: () => true },
    scopes: ['openid', 'offline_access'],
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    interactions: { url: async (_ctx, interaction) => `/interaction/${interaction.uid}` },
    features: { devInteractions: { enabled: false } },
    ttl: {
      IdToken: idTokenTtl,
      AccessToken: 3600,
      AuthorizationCode: 60,
      Interaction: 600,
      Session: 86400,
      Grant: 86400,
    },
  });
  provider.on('server_error', (_ctx, error) =>
    process.stderr.write(`server_error: ${error?.stack ?? error}\n`),
  );
  provider.on('authorization.accepted', () => {
    stats.authorizations += 1;
  });
  provider.on('grant.success', (ctx) => {
    if (ctx.oidc.params?.grant_type === 'refresh_token') stats.refreshes += 1;
  });
  const privateKeys = { signing: importJWK(signing, 'RS256'), forged: importJWK(forged, 'RS256') };
  provider.registerGrantType(TOKEN_EXCHANGE, (ctx) => exchange(provider, privateKeys, ctx), [
    'subject_token',
    'subject_token_type',
    'requested_token_type',
    'audience',
    'resource',
    'scope',
  ]);
  return provider;
}

/** RFC 8693 §2.1 with the ID-JAG profile's rules; the IdP's policy is `control.mode`. */
async function exchange(provider, keys, ctx) {
  const { params, client } = ctx.oidc;
  const { InvalidGrant, InvalidRequest, InvalidTarget } = oidcErrors;
  stats.exchanges += 1;
  if (params.requested_token_type !== ID_JAG)
    throw new InvalidRequest('requested_token_type must be an ID-JAG');
  if (params.subject_token_type !== ID_TOKEN)
    throw new InvalidRequest('subject_token_type must be an ID token');
  if (!params.audience) throw new InvalidRequest('audience is required');
  let claims;
  try {
    // Signature, issuer and audience (this client); the expiry is checked below (validate ignores it).
    ({ payload: claims } = await provider.IdToken.validate(params.subject_token, client));
  } catch {
    throw new InvalidGrant('the subject token is not an ID token this IdP issued to this client');
  }
  const now = Math.floor(Date.now() / 1000);
  if (typeof claims.exp !== 'number' || claims.exp <= now) throw new InvalidGrant('the ID token expired');
  // Profile §7.6.1: only known (audience, resource) pairs; here, loopback MCP servers.
  if (params.resource !== undefined && !isLoopbackUrl(params.resource)) {
    stats.exchangesRefused += 1;
    throw new InvalidTarget('the resource is not an MCP server of this enterprise');
  }
  if (control.mode === 'refuse') {
    stats.exchangesRefused += 1;
    throw new InvalidTarget('the enterprise policy does not allow this client to reach this MCP server');
  }
  const expired = control.mode === 'expired';
  const payload = {
    sub: claims.sub,
    client_id: client.clientId,
    ...(params.resource !== undefined ? { resource: params.resource } : {}),
    ...(params.scope ? { scope: params.scope } : {}),
  };
  const jwt = await new SignJWT(payload)
    .setProtectedHeader({ alg: 'RS256', kid: 'idp', typ: 'oauth-id-jag+jwt' })
    .setIssuer(provider.issuer)
    .setAudience(
      control.mode === 'wrong-audience' ? 'https://another-authorization-server.example' : params.audience,
    )
    .setJti(randomUUID())
    .setIssuedAt(expired ? now - 2 * ID_JAG_TTL_SECONDS : now)
    .setExpirationTime(expired ? now - ID_JAG_TTL_SECONDS : now + ID_JAG_TTL_SECONDS)
    .sign(await (control.mode === 'bad-signature' ? keys.forged : keys.signing));
  ctx.body = {
    access_token: jwt,
    issued_token_type: ID_JAG,
    token_type: 'N_A',
    expires_in: ID_JAG_TTL_SECONDS,
    ...(params.scope ? { scope: params.scope } : {}),
  };
}

/** Headless interaction: the fixed test user signs in and grants what is asked for. */
async function autoInteraction(provider, req, res) {
  const { prompt, params, session, grantId } = await provider.interactionDetails(req, res);
  if (prompt.name === 'login') {
    return provider.interactionFinished(
      req,
      res,
      { login: { accountId: TEST_SUBJECT } },
      {
        mergeWithLastSubmission: false,
      },
    );
  }
  const grant = grantId
    ? await provider.Grant.find(grantId)
    : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
  const missing = prompt.details ?? {};
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  return provider.interactionFinished(
    req,
    res,
    { consent: { grantId: await grant.save() } },
    {
      mergeWithLastSubmission: true,
    },
  );
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

async function readSmallJson(req) {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > MAX_CONTROL_BODY_BYTES) throw new Error('control body too large');
  }
  return body ? JSON.parse(body) : {};
}

async function handleControl(path, req, res) {
  if (req.method === 'GET' && path === '/__control/stats') {
    return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(stats));
  }
  if (req.method === 'POST' && path === '/__control/id-jag') {
    const { mode } = await readSmallJson(req);
    if (!MODES.has(mode)) return res.writeHead(400).end();
    control.mode = mode;
    return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(control));
  }
  if (req.method === 'POST' && path === '/__control/id-token-ttl') {
    const { seconds } = await readSmallJson(req);
    if (!Number.isInteger(seconds) || seconds < 1) return res.writeHead(400).end();
    control.idTokenTtl = seconds;
    return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(control));
  }
  return res.writeHead(404).end();
}

async function main() {
  const values = parseFlags({
    'client-id': { type: 'string', default: 'enterprise-client' },
    'web-redirect-uri': { type: 'string', multiple: true, default: [] },
  });
  const options = { clientId: values['client-id'], webRedirectUris: values['web-redirect-uri'] };
  let provider;
  let callback;
  await listen(
    async (req, res) => {
      const path = new URL(req.url ?? '/', 'http://placeholder').pathname;
      if (withCors(req, res)) return;
      if (path.startsWith('/__control/')) return handleControl(path, req, res);
      if (req.method === 'GET' && path.startsWith('/interaction/'))
        return autoInteraction(provider, req, res);
      return callback(req, res);
    },
    values.port,
    {
      ready: (issuer) => {
        provider = createProvider(issuer, options);
        callback = provider.callback();
      },
    },
  );
}

runServer(main);
