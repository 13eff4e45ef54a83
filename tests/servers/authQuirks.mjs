// How a gallery authorization server (tests/gallery/) bends the spec the way a named hosted server does: the
// `--profile` of auth-server.mjs, one field per quirk. Each quirk is applied through oidc-provider's own hooks where
// it has one (its registration, resource-indicator and refresh-token hooks), and in front of it where it has none
// (what a registration is refused with, metadata fields a server leaves out, parameters a server ignores).
//
// profile fields (all optional):
//   registration: false             no RFC 7591 registration endpoint (GitHub, Slack, Asana, HubSpot, Google, Entra, Cognito)
//   clients: [metadata]             pre-registered clients (static oidc-provider clients)
//   registrationRedirects: 'no-loopback' | 'loopback-only'
//                                   DCR refuses loopback redirect URIs (Atlassian), or all others (Vercel)
//   clientNames: [name]             DCR registers only these client_names, 403 "Forbidden" otherwise (Figma)
//   metadataDocuments: true         Client ID Metadata Documents on loopback http URLs (Atlassian)
//   advertiseAuthMethods: false     metadata without token_endpoint_auth_methods_supported (HubSpot)
//   clientAuthentication: method    a secret sent the other way is invalid_client (HubSpot: client_secret_post;
//                                   oidc-provider itself takes either for a client registered with one)
//   resource: 'required'            an authorization request without RFC 8707 resource is invalid_target (Asana)
//   resource: 'scope-audience'      any resource parameter is invalid_target; the audience comes from a scope
//                                   `<app>/.default`, without which the scope is invalid_scope (Entra)
//   resource: 'audience-param'      resource is ignored; only `audience=<api>` yields a token for the API, else an
//                                   opaque token for the user info endpoint (Auth0)
//   app / api                       the audience of 'scope-audience' / 'audience-param'
//   offlineOnly: true               refresh tokens only for access_type=offline & prompt=consent (Google)
//   refusedScopes: [scope]          scopes answered with invalid_scope (Google: offline_access)
//   oidcScopes: [scope]             the OpenID scopes it supports and lists (Google lists no offline_access)

export const NO_PROFILE = {};

const isLoopbackUrl = (value) => {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  } catch {
    return false;
  }
};

/**
 * Parameters oidc-provider should keep from the authorization request (Google's, Auth0's). Their validators run
 * for every authorization request once its client and redirect URI are known good, so an error thrown there is
 * sent back to the client: the place to refuse a scope as the profile says (read as the request sent it, before
 * oidc-provider drops what it does not know).
 */
export function extraParams(profile, errors) {
  const refuseScopes = (ctx) => {
    const asked = String(ctx.query?.scope ?? ctx.oidc.body?.scope ?? '').split(' ');
    const refused = (profile.refusedScopes ?? []).filter((scope) => asked.includes(scope));
    if (refused.length) throw new errors.InvalidScope(`scope ${refused.join(' ')} is not supported`);
  };
  return {
    ...(profile.offlineOnly || profile.refusedScopes ? { access_type: refuseScopes } : {}),
    ...(profile.resource === 'audience-param' ? { audience: null } : {}),
  };
}

/**
 * The resource-indicator hooks for the profile; `loopbackResource` is the default server's (any loopback MCP
 * server is a resource server) and `jwtResource(audience)` the token format every profile uses.
 */
export function resourceHooks(profile, errors, { loopbackResource, jwtResource }) {
  if (profile.resource === 'scope-audience') {
    const defaultScope = `${profile.app}/.default`;
    return {
      defaultResource: async (ctx, _client, oneOf) => {
        if (oneOf) return oneOf;
        const asked = String(ctx.oidc.params?.scope ?? '').split(' ');
        if (!asked.includes(defaultScope))
          throw new errors.InvalidScope(`the scope must include ${defaultScope}`);
        return profile.app;
      },
      getResourceServerInfo: async (_ctx, indicator) => {
        if (indicator !== profile.app)
          throw new errors.InvalidTarget('the resource parameter is not supported');
        return { ...jwtResource(profile.app), scope: defaultScope };
      },
    };
  }
  if (profile.resource === 'audience-param') {
    // Without an audience the token is for the user info endpoint: opaque, and no use to the MCP server.
    const userInfo = 'urn:gallery:userinfo';
    return {
      defaultResource: async (ctx, _client, oneOf) => oneOf ?? ctx.oidc.params?.audience ?? userInfo,
      getResourceServerInfo: async (_ctx, indicator) => {
        if (indicator === userInfo) return { ...jwtResource(userInfo), accessTokenFormat: 'opaque' };
        if (indicator !== profile.api) throw new errors.InvalidTarget('unknown audience');
        return jwtResource(profile.api);
      },
    };
  }
  return {
    defaultResource: async (_ctx, _client, oneOf) => {
      if (!oneOf && profile.resource === 'required')
        throw new errors.InvalidTarget('the resource parameter is required');
      return oneOf;
    },
    getResourceServerInfo: async (_ctx, indicator) => loopbackResource(indicator),
  };
}

/** A Client ID Metadata Document on a loopback URL, fetched when its URL is used as a client id (bounded). */
export async function metadataDocumentClient(id) {
  if (!isLoopbackUrl(id)) return undefined;
  const response = await fetch(id, { signal: AbortSignal.timeout(5_000) });
  if (!response.ok) return undefined;
  const document = await response.json();
  if (document.client_id !== id) return undefined;
  return {
    client_id: id,
    redirect_uris: document.redirect_uris,
    client_name: document.client_name,
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    token_endpoint_auth_method: 'none',
    // Redirect URIs compared exactly, port included (a native client would get any loopback port, RFC 8252 §7.3).
    application_type: 'web',
  };
}

async function readBody(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > 64 * 1024) throw new Error('body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function sendJson(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/** The registration rule the profile applies to a DCR request: an answer to send, or undefined to go on. */
function registrationRefusal(profile, metadata) {
  if (profile.clientNames && !profile.clientNames.includes(metadata.client_name)) {
    // Not an RFC 7591 error body: the plain-text refusal of a server that allow-lists client names.
    return { status: 403, text: 'Forbidden' };
  }
  const uris = Array.isArray(metadata.redirect_uris) ? metadata.redirect_uris : [];
  const rule = profile.registrationRedirects;
  if (
    (rule === 'no-loopback' && uris.some(isLoopbackUrl)) ||
    (rule === 'loopback-only' && !uris.every(isLoopbackUrl))
  ) {
    return {
      status: 400,
      json: {
        error: 'invalid_redirect_uri',
        error_description:
          rule === 'no-loopback'
            ? 'loopback redirect URIs are not allowed'
            : 'only loopback redirect URIs are allowed',
      },
    };
  }
  return undefined;
}

/** Drops `resource` from a query or form body, as a server that ignores the parameter does. */
const withoutResource = (params) => {
  params.delete('resource');
  return params;
};

/**
 * Runs before oidc-provider for each request; answers itself (and resolves true) where the profile says so, or
 * rewrites what oidc-provider will read. A body read here is handed on as `req.body`, which oidc-provider accepts.
 */
export async function interceptRequest(profile, req, res, metadata) {
  const url = new URL(req.url ?? '/', 'http://placeholder');
  if (req.method === 'GET' && url.pathname.startsWith('/.well-known/') && metadata()) {
    sendJson(res, 200, metadata());
    return true;
  }
  if (
    req.method === 'POST' &&
    url.pathname === '/reg' &&
    (profile.clientNames || profile.registrationRedirects)
  ) {
    const body = await readBody(req);
    const refusal = registrationRefusal(profile, JSON.parse(body.toString() || '{}'));
    if (refusal?.text) {
      res.writeHead(refusal.status, { 'content-type': 'text/plain' }).end(refusal.text);
      return true;
    }
    if (refusal) {
      sendJson(res, refusal.status, refusal.json);
      return true;
    }
    req.body = body;
  }
  if (profile.resource === 'audience-param' && req.method === 'GET' && url.pathname === '/auth') {
    req.url = `${url.pathname}?${withoutResource(url.searchParams)}`;
  }
  if (
    req.method === 'POST' &&
    url.pathname === '/token' &&
    (profile.clientAuthentication || profile.resource === 'audience-param')
  ) {
    const params = new URLSearchParams((await readBody(req)).toString());
    const used = /^basic /i.test(req.headers.authorization ?? '')
      ? 'client_secret_basic'
      : params.has('client_secret')
        ? 'client_secret_post'
        : 'none';
    if (profile.clientAuthentication && used !== 'none' && used !== profile.clientAuthentication) {
      sendJson(res, 401, {
        error: 'invalid_client',
        error_description: `only ${profile.clientAuthentication} is supported`,
      });
      return true;
    }
    req.body = Buffer.from(
      (profile.resource === 'audience-param' ? withoutResource(params) : params).toString(),
    );
  }
  return false;
}

/** The metadata to serve instead of oidc-provider's own, or undefined to serve its own. */
export function patchMetadata(profile, original) {
  if (profile.advertiseAuthMethods !== false && !profile.metadataDocuments) return undefined;
  const patched = { ...original };
  if (profile.advertiseAuthMethods === false) delete patched.token_endpoint_auth_methods_supported;
  if (profile.metadataDocuments) patched.client_id_metadata_document_supported = true;
  return patched;
}
