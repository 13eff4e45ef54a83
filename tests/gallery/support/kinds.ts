// The gallery's servers: one kind per way a hosted MCP server bends the spec, each modelled on the named real
// server (from its public documentation and its users' reports) and built from real parts: the test authorization
// server (oidc-provider) with a profile (tests/servers/authQuirks.mjs) and the test MCP server checking the token's
// audience (tests/servers/protectedResource.mjs). Plain data, shared by the Node and the browser tests.
import type { StartAuthServerOptions, StartOAuthMcpServerOptions } from '../../support/oauthServers';

/** The redirect URIs a kind's pre-registered clients allow: the Node/CLI loopback ones and the browser's page. */
export interface Redirects {
  /** Exact URIs (host, port and path). */
  exact?: string[];
}

export interface Kind {
  /** The real server it is modelled on. */
  realServer: string;
  auth: (redirects: Redirects) => StartAuthServerOptions;
  mcp: (as: { issuer: string; port: number }) => Omit<StartOAuthMcpServerOptions, 'issuer'>;
}

export const CLIENT_SECRET = 'gallery-client-secret';
const GRANTS = { grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'] };

/**
 * A pre-registered client. `web`: redirect URIs compared exactly, port and path included (what Slack and Asana
 * do); `native`: any port on a loopback redirect URI (RFC 8252 §7.3, what GitHub does for `http://127.0.0.1`).
 */
function client(id: string, redirectUris: string[], extra: Record<string, unknown> = {}) {
  return { client_id: id, redirect_uris: redirectUris, application_type: 'web', ...GRANTS, ...extra };
}

/** Native apps' loopback redirect, any port (RFC 8252 §7.3). */
const ANY_LOOPBACK_PORT = 'http://127.0.0.1/callback';

export const ENTRA_APP = 'api://gallery-mcp';
export const AUTH0_API = 'https://gallery-api.example/';
export const FIGMA_CLIENT_NAME = 'Approved Client';
export const COGNITO_CLIENT = 'cognito-app';

export const KINDS = {
  /** No DCR; a confidential OAuth app (id + secret); any loopback port. */
  github: {
    realServer: 'GitHub (api.githubcopilot.com/mcp/)',
    auth: ({ exact = [] }) => ({
      profile: {
        registration: false,
        clients: [
          client('github-app', [ANY_LOOPBACK_PORT, ...exact], {
            application_type: 'native',
            client_secret: CLIENT_SECRET,
            token_endpoint_auth_method: 'client_secret_basic',
          }),
        ],
      },
    }),
    mcp: () => ({}),
  },
  /** No DCR; a public client whose one redirect URI is registered exactly, port and path included. */
  slack: {
    realServer: 'Slack (mcp.slack.com)',
    auth: ({ exact = [] }) => ({
      profile: {
        registration: false,
        clients: [client('slack-app', exact, { token_endpoint_auth_method: 'none' })],
      },
    }),
    mcp: () => ({}),
  },
  /** No DCR; confidential with client_secret_basic; exact redirect; an authorization request must carry `resource`. */
  asana: {
    realServer: 'Asana (mcp.asana.com)',
    auth: ({ exact = [] }) => ({
      profile: {
        registration: false,
        resource: 'required',
        clients: [
          client('asana-app', exact, {
            client_secret: CLIENT_SECRET,
            token_endpoint_auth_method: 'client_secret_basic',
          }),
        ],
      },
    }),
    mcp: () => ({}),
  },
  /** No registration_endpoint; takes client_secret_post only, and its metadata does not say so. */
  hubspot: {
    realServer: 'HubSpot (mcp.hubspot.com)',
    auth: ({ exact = [] }) => ({
      profile: {
        registration: false,
        advertiseAuthMethods: false,
        clientAuthentication: 'client_secret_post',
        clients: [
          client('hubspot-app', [ANY_LOOPBACK_PORT, ...exact], {
            application_type: 'native',
            client_secret: CLIENT_SECRET,
            token_endpoint_auth_method: 'client_secret_post',
          }),
        ],
      },
    }),
    mcp: () => ({}),
  },
  /** No DCR; refresh tokens only with access_type=offline&prompt=consent; `offline_access` is an invalid scope. */
  google: {
    realServer: 'Google',
    auth: ({ exact = [] }) => ({
      profile: {
        registration: false,
        offlineOnly: true,
        refusedScopes: ['offline_access'],
        oidcScopes: ['openid', 'email', 'profile'],
        clients: [
          client('google-app', [ANY_LOOPBACK_PORT, ...exact], {
            application_type: 'native',
            client_secret: CLIENT_SECRET,
            token_endpoint_auth_method: 'client_secret_post',
          }),
        ],
      },
    }),
    mcp: () => ({}),
  },
  /** No DCR; refuses RFC 8707 `resource` (invalid_target); the audience comes from the scope `<app>/.default`. */
  entra: {
    realServer: 'Microsoft Entra ID',
    auth: ({ exact = [] }) => ({
      profile: {
        registration: false,
        resource: 'scope-audience',
        app: ENTRA_APP,
        clients: [
          client('entra-app', [ANY_LOOPBACK_PORT, ...exact], {
            application_type: 'native',
            token_endpoint_auth_method: 'none',
          }),
        ],
      },
    }),
    mcp: () => ({ audience: ENTRA_APP }),
  },
  /** DCR refuses loopback redirect URIs; Client ID Metadata Documents whose redirect_uris match exactly work. */
  atlassian: {
    realServer: 'Atlassian (mcp.atlassian.com/v2)',
    auth: () => ({ profile: { registrationRedirects: 'no-loopback', metadataDocuments: true } }),
    mcp: () => ({}),
  },
  /** DCR registers only allow-listed client names; others get a plain-text 403. */
  figma: {
    realServer: 'Figma (mcp.figma.com)',
    auth: () => ({ profile: { clientNames: [FIGMA_CLIENT_NAME] } }),
    mcp: () => ({}),
  },
  /** DCR accepts loopback redirect URIs only. */
  vercel: {
    realServer: 'Vercel (mcp.vercel.com)',
    auth: () => ({ profile: { registrationRedirects: 'loopback-only' } }),
    mcp: () => ({}),
  },
  /**
   * The protected-resource metadata names the authorization server by another identifier than the `issuer` its
   * metadata declares (here `localhost` for `127.0.0.1`: the metadata is served under both names).
   */
  issuer: {
    realServer: 'Atlassian authv2, Salesforce',
    auth: () => ({}),
    mcp: (as) => ({ prmIssuer: `http://localhost:${as.port}` }),
  },
  /** A token for the API only with `audience=<api>` on the authorization request (resource is ignored). */
  auth0: {
    realServer: 'Auth0',
    auth: () => ({ profile: { resource: 'audience-param', api: AUTH0_API } }),
    mcp: () => ({ audience: AUTH0_API }),
  },
  /** No DCR; the MCP server takes the ID token as the bearer (its audience: the client id). */
  cognito: {
    realServer: 'Amazon Cognito (Bedrock AgentCore)',
    auth: ({ exact = [] }) => ({
      profile: {
        registration: false,
        // A native client: any loopback port, the browser test's page included.
        clients: [
          client(COGNITO_CLIENT, [ANY_LOOPBACK_PORT, ...exact], {
            application_type: 'native',
            token_endpoint_auth_method: 'none',
          }),
        ],
      },
    }),
    mcp: () => ({ bearer: 'id_token' as const, audience: COGNITO_CLIENT }),
  },
} satisfies Record<string, Kind>;

export type KindName = keyof typeof KINDS;
