// A real OAuth 2.1 authorization server for the tests and the playground: oidc-provider on 127.0.0.1 with open
// Dynamic Client Registration, PKCE (S256) required, refresh tokens for the authorization code grant (rotated),
// RFC 8707 resource indicators (JWT access tokens whose audience is the requested MCP server URL), RFC 7009
// revocation, the RFC 9207 `iss` authorization response parameter and CORS on every endpoint.
//
//   node tests/servers/auth-server.mjs [--port N] [--access-ttl SECONDS] [--auto-consent] [--deny]
//                                      [--cors all|none|except-token] [--profile JSON]
//
// --profile makes it bend the spec the way a named hosted server does (tests/servers/authQuirks.mjs).
//
// --cors plays hosted servers a browser cannot call (tests/gallery/cors): `none` sends no CORS header on any
// endpoint (WorkOS AuthKit, Keycloak), `except-token` none on the token endpoint (Sentry, GitHub).
// Prints `LISTENING <port>` once ready; the issuer is `http://127.0.0.1:<port>`. Exits on SIGTERM/SIGINT.
// Without --auto-consent the real login/consent pages (devInteractions) are served; with it, a fixed test user
// is logged in and every requested scope granted without UI. --deny ends every interaction with access_denied.
//
// Control endpoints (no auth, loopback only):
//   GET  /__control/stats         token-endpoint requests (total and by grant_type), registrations, revocations
//   POST /__control/reset-stats
//   POST /__control/revoke-all    deletes every refresh token (as if the user revoked all access)
//   POST /__control/deny          body {"deny": true|false}: switch the auto interaction to access_denied and back
//   POST /__control/auto-consent  body {"autoConsent": true|false}: switch between the real pages and auto-consent
//   POST /__control/subject       body {"subject": "alice"}: the user auto-consent logs in from now on (default
//                                 test-user), as a person signing in with another of their accounts would
//   POST /__control/token-failures body {"count": N, "status": 503} or {"count": N, "drop": true}: the next N token
//                                 requests answer that status (no OAuth body) or have their connection dropped
//
// Refresh tokens rotate on every use, and presenting a spent one revokes the whole grant (oidc-provider 9's
// reuse detection, RFC 9700 §4.14.2): stats count such replays (`refreshReuse`) and revoked grants.
import { generateKeyPairSync } from 'node:crypto';
import Provider, { errors } from 'oidc-provider';
import {
  extraParams,
  interceptRequest,
  metadataDocumentClient,
  patchMetadata,
  resourceHooks,
} from './authQuirks.mjs';
import { withoutCors } from './noCors.mjs';
import { listen, parseFlags, runServer } from './serverProcess.mjs';

const TEST_SUBJECT = 'test-user';
const RESOURCE_SCOPES = 'mcp:tools mcp:admin';
const MAX_CONTROL_BODY_BYTES = 4096;

function parseOptions() {
  const values = parseFlags({
    'access-ttl': { type: 'string', default: '3600' },
    'auto-consent': { type: 'boolean', default: false },
    deny: { type: 'boolean', default: false },
    cors: { type: 'string', default: 'all' },
    profile: { type: 'string', default: '{}' },
  });
  if (!['all', 'none', 'except-token'].includes(values.cors))
    throw new Error(`invalid --cors: ${values.cors}`);
  const accessTtl = Number(values['access-ttl']);
  if (!Number.isInteger(accessTtl) || accessTtl < 1)
    throw new Error(`invalid --access-ttl: ${values['access-ttl']}`);
  return {
    port: values.port,
    accessTtl,
    autoConsent: values['auto-consent'],
    deny: values.deny,
    cors: values.cors,
    profile: JSON.parse(values.profile),
  };
}

/** Fresh signing keys per run: RS256 for ID tokens, ES256 for the JWT access tokens. */
function signingKeys() {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' });
  return {
    keys: [
      { ...rsa, kid: 'rs', alg: 'RS256', use: 'sig' },
      { ...ec, kid: 'es', alg: 'ES256', use: 'sig' },
    ],
  };
}

/**
 * Map-backed oidc-provider adapter. The built-in memory adapter cannot enumerate its entries, which
 * /__control/revoke-all needs. Expiry is checked on read; grant ids index their tokens for revokeByGrantId.
 */
function createStorage({ metadataDocuments = false } = {}) {
  const entries = new Map(); // `${model}:${id}` → { payload, expiresAt }
  const live = (key) => {
    const entry = entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt !== undefined && entry.expiresAt <= Date.now()) {
      entries.delete(key);
      return undefined;
    }
    return entry.payload;
  };
  const findKey = (predicate) => {
    for (const key of entries.keys()) {
      const payload = live(key);
      if (payload && predicate(key, payload)) return key;
    }
    return undefined;
  };
  class Adapter {
    constructor(model) {
      this.model = model;
    }
    key(id) {
      return `${this.model}:${id}`;
    }
    async upsert(id, payload, expiresIn) {
      entries.set(this.key(id), {
        payload,
        expiresAt: typeof expiresIn === 'number' ? Date.now() + expiresIn * 1000 : undefined,
      });
    }
    async find(id) {
      // A client id that is a Client ID Metadata Document URL is that document (profile `metadataDocuments`).
      const document =
        this.model === 'Client' && metadataDocuments ? await metadataDocumentClient(id) : undefined;
      return document ?? live(this.key(id));
    }
    async findByUid(uid) {
      const key = findKey((k, payload) => k.startsWith(`${this.model}:`) && payload.uid === uid);
      return key ? live(key) : undefined;
    }
    async findByUserCode(userCode) {
      const key = findKey((k, payload) => k.startsWith(`${this.model}:`) && payload.userCode === userCode);
      return key ? live(key) : undefined;
    }
    async consume(id) {
      const payload = live(this.key(id));
      if (payload) payload.consumed = Math.floor(Date.now() / 1000);
    }
    async destroy(id) {
      entries.delete(this.key(id));
    }
    async revokeByGrantId(grantId) {
      for (const [key, entry] of [...entries]) {
        if (entry.payload?.grantId === grantId) entries.delete(key);
      }
    }
  }
  return {
    Adapter,
    /** Deletes every refresh token; returns how many there were. */
    revokeAllRefreshTokens() {
      let count = 0;
      for (const key of [...entries.keys()]) {
        if (key.startsWith('RefreshToken:') && live(key)) {
          entries.delete(key);
          count += 1;
        }
      }
      return count;
    },
  };
}

function createStats() {
  let stats;
  const reset = () => {
    stats = {
      tokenRequests: { total: 0, byGrantType: {} },
      registrations: 0,
      revocations: 0,
      authorizations: 0,
      refreshReuse: 0,
      grantsRevoked: 0,
      injectedFailures: 0,
    };
  };
  reset();
  return {
    reset,
    snapshot: () => structuredClone(stats),
    countTokenRequest: () => {
      stats.tokenRequests.total += 1;
    },
    countGrant: (grantType) => {
      const key = grantType ?? 'unknown';
      stats.tokenRequests.byGrantType[key] = (stats.tokenRequests.byGrantType[key] ?? 0) + 1;
    },
    count: (name) => {
      stats[name] += 1;
    },
  };
}

/** Only loopback MCP servers are resource servers here; anything else is an invalid_target (RFC 8707 §2). */
function isLoopbackResource(indicator) {
  try {
    const url = new URL(indicator);
    return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  } catch {
    return false;
  }
}

/** Grants whose authorization asked for offline access the way profile `offlineOnly` wants (Google's). */
const offlineGrants = new Set();

function createProvider(issuer, options, storage) {
  const useAutoInteraction = options.autoConsent || options.deny;
  const { profile } = options;
  const jwtResource = (audience) => ({
    scope: RESOURCE_SCOPES,
    audience,
    accessTokenTTL: options.accessTtl,
    accessTokenFormat: 'jwt',
    jwt: { sign: { alg: 'ES256' } },
  });
  const loopbackResource = (indicator) => {
    if (!isLoopbackResource(indicator)) throw new errors.InvalidTarget();
    return jwtResource(indicator);
  };
  const provider = new Provider(issuer, {
    clients: profile.clients ?? [],
    ...(profile.oidcScopes ? { scopes: profile.oidcScopes } : {}),
    extraParams: extraParams(profile, errors),
    adapter: storage.Adapter,
    jwks: signingKeys(),
    cookies: { keys: ['auth-server-test-cookie-key'] },
    findAccount: async (_ctx, sub) => ({ accountId: sub, claims: async () => ({ sub, name: 'Test User' }) }),
    clientBasedCORS: () => true,
    responseTypes: ['code'],
    pkce: { required: () => true },
    // Refresh tokens for every code grant of a client registered for refresh_token, without offline_access.
    issueRefreshToken: async (_ctx, client, source) =>
      client.grantTypeAllowed('refresh_token') && (!profile.offlineOnly || offlineGrants.has(source.grantId)),
    rotateRefreshToken: () => true,
    expiresWithSession: async () => false,
    ttl: {
      AccessToken: options.accessTtl,
      AuthorizationCode: 60,
      RefreshToken: 24 * 60 * 60,
      Grant: 24 * 60 * 60,
      Session: 24 * 60 * 60,
      Interaction: 10 * 60,
      IdToken: 60 * 60,
    },
    interactions: { url: async (_ctx, interaction) => `/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: !useAutoInteraction },
      registration: { enabled: profile.registration !== false },
      revocation: { enabled: true },
      resourceIndicators: {
        enabled: true,
        useGrantedResource: async () => true,
        ...resourceHooks(profile, errors, { loopbackResource, jwtResource }),
      },
    },
  });
  // A test that fails on a 500 shows why (the harness prints the server's stderr).
  provider.on('server_error', (_ctx, error) =>
    process.stderr.write(`server_error: ${error?.stack ?? error}\n`),
  );
  provider.on('grant.success', (ctx) => stats.countGrant(ctx.oidc.params?.grant_type));
  provider.on('grant.error', (ctx, error) => {
    stats.countGrant(ctx.oidc?.params?.grant_type);
    if (error?.error_description === 'refresh token already used') stats.count('refreshReuse');
  });
  provider.on('grant.revoked', () => stats.count('grantsRevoked'));
  provider.on('registration_create.success', () => stats.count('registrations'));
  provider.on('authorization.accepted', () => stats.count('authorizations'));
  return provider;
}

/** Headless interaction: logs the fixed test user in, then grants everything asked for (or denies). */
async function autoInteraction(provider, control, req, res) {
  const details = await provider.interactionDetails(req, res);
  if (control.deny) {
    return provider.interactionFinished(
      req,
      res,
      { error: 'access_denied', error_description: 'The test user denied access' },
      { mergeWithLastSubmission: false },
    );
  }
  const { prompt, params, session, grantId } = details;
  // Logged in as someone else (the browser keeps the session cookie): the user picks the other account.
  if (prompt.name === 'login' || session?.accountId !== control.subject) {
    return provider.interactionFinished(
      req,
      res,
      { login: { accountId: control.subject } },
      { mergeWithLastSubmission: false },
    );
  }
  const grant = grantId
    ? await provider.Grant.find(grantId)
    : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
  const missing = prompt.details ?? {};
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) {
    grant.addResourceScope(indicator, scopes.join(' '));
  }
  const savedGrantId = await grant.save();
  const asksOffline =
    params.access_type === 'offline' &&
    String(params.prompt ?? '')
      .split(' ')
      .includes('consent');
  if (asksOffline) offlineGrants.add(savedGrantId);
  return provider.interactionFinished(
    req,
    res,
    { consent: { grantId: savedGrantId } },
    { mergeWithLastSubmission: true },
  );
}

/** CORS on every answer, oidc-provider's own included (its registration endpoint sends none — NOTES.md). */
function withCors(req, res) {
  const origin = req.headers.origin;
  const writeHead = res.writeHead;
  res.writeHead = function corsWriteHead(...args) {
    if (!res.hasHeader('access-control-allow-origin'))
      res.setHeader('Access-Control-Allow-Origin', origin ?? '*');
    res.setHeader('Access-Control-Expose-Headers', 'WWW-Authenticate, DPoP-Nonce');
    if (origin) res.setHeader('Vary', 'Origin');
    return writeHead.apply(this, args);
  };
  if (req.method !== 'OPTIONS') return false;
  res.setHeader('Access-Control-Allow-Methods', 'GET, POST, DELETE, OPTIONS');
  res.setHeader(
    'Access-Control-Allow-Headers',
    req.headers['access-control-request-headers'] || 'authorization, content-type',
  );
  res.setHeader('Access-Control-Max-Age', '600');
  res.writeHead(204).end();
  return true;
}

function sendJson(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

async function readSmallJson(req) {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > MAX_CONTROL_BODY_BYTES) throw new Error('control body too large');
  }
  return body ? JSON.parse(body) : {};
}

async function handleControl(path, req, res, context) {
  const { storage, control } = context;
  if (req.method === 'GET' && path === '/__control/stats') return sendJson(res, 200, stats.snapshot());
  if (req.method === 'POST' && path === '/__control/reset-stats') {
    stats.reset();
    return sendJson(res, 200, stats.snapshot());
  }
  if (req.method === 'POST' && path === '/__control/revoke-all') {
    return sendJson(res, 200, { revoked: storage.revokeAllRefreshTokens() });
  }
  if (req.method === 'POST' && path === '/__control/deny') {
    const body = await readSmallJson(req);
    control.deny = body.deny === true;
    return sendJson(res, 200, { deny: control.deny });
  }
  if (req.method === 'POST' && path === '/__control/token-failures') {
    const body = await readSmallJson(req);
    control.tokenFailures = {
      count: Number.isInteger(body.count) ? body.count : 0,
      status: Number.isInteger(body.status) ? body.status : 503,
      drop: body.drop === true,
    };
    return sendJson(res, 200, control.tokenFailures);
  }
  if (req.method === 'POST' && path === '/__control/subject') {
    const body = await readSmallJson(req);
    if (typeof body.subject !== 'string' || !/^[\w.@-]{1,64}$/.test(body.subject)) {
      return sendJson(res, 400, { error: 'invalid_subject' });
    }
    control.subject = body.subject;
    return sendJson(res, 200, { subject: control.subject });
  }
  if (req.method === 'POST' && path === '/__control/auto-consent') {
    const body = await readSmallJson(req);
    control.autoConsent = body.autoConsent === true;
    return sendJson(res, 200, { autoConsent: control.autoConsent });
  }
  return sendJson(res, 404, { error: 'not_found' });
}

const stats = createStats();

async function main() {
  const options = parseOptions();
  const storage = createStorage({ metadataDocuments: options.profile.metadataDocuments === true });
  const control = {
    deny: options.deny,
    autoConsent: options.autoConsent,
    subject: TEST_SUBJECT,
    tokenFailures: { count: 0, status: 503, drop: false },
  };
  let provider;
  let callback;
  let metadata;

  const onRequest = async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://placeholder').pathname;
    const corsless =
      !path.startsWith('/__control/') &&
      (options.cors === 'none' || (options.cors === 'except-token' && path === '/token'));
    if (corsless ? withoutCors(req, res) : withCors(req, res)) return;
    if (path.startsWith('/__control/')) return await handleControl(path, req, res, { storage, control });
    if (await interceptRequest(options.profile, req, res, () => metadata)) return;
    if (req.method === 'POST' && path === '/token') {
      stats.countTokenRequest();
      // An authorization server that is down for a while: a proxy's bare 5xx page, or no answer at all.
      if (control.tokenFailures.count > 0) {
        control.tokenFailures.count -= 1;
        stats.count('injectedFailures');
        if (control.tokenFailures.drop) return req.socket.destroy();
        return res
          .writeHead(control.tokenFailures.status, { 'content-type': 'text/html' })
          .end('<h1>unavailable</h1>');
      }
    }
    if (req.method === 'POST' && path === '/token/revocation') stats.count('revocations');
    if ((control.autoConsent || control.deny) && req.method === 'GET' && path.startsWith('/interaction/')) {
      return await autoInteraction(provider, control, req, res);
    }
    return callback(req, res);
  };

  await listen(onRequest, options.port, {
    // The issuer needs the bound port, so the provider is created after listening and before announcing it.
    ready: async (issuer) => {
      provider = createProvider(issuer, options, storage);
      callback = provider.callback();
      // Listening already: read our own metadata once, to serve the profile's version of it.
      const own = await fetch(`${issuer}/.well-known/openid-configuration`, {
        signal: AbortSignal.timeout(5_000),
      });
      metadata = patchMetadata(options.profile, await own.json());
    },
  });
}

runServer(main);
