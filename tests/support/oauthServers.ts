// Starts and stops the OAuth test servers (tests/servers/auth-server.mjs, tests/servers/oauth-mcp-server.mjs) as
// child processes on free loopback ports, and plays the user's browser headlessly through an auto-consent
// authorization. Children are spawned with this Node binary directly, so the PID held is the server's own.
import { fileURLToPath } from 'node:url';
import { killChild, type Spawned, spawnListening } from './childProcesses.ts';
import { controlRequest } from './controlEndpoint.ts';

/** Redirect hops a headless sign-in may take (login + consent interactions need about six). */
const MAX_AUTHORIZATION_HOPS = 15;
const HOP_TIMEOUT_MS = 5_000;
const REGISTRATION_TIMEOUT_MS = 10_000;

function spawnServer(file: string, args: string[]): Promise<Spawned> {
  return spawnListening(fileURLToPath(new URL(`../servers/${file}`, import.meta.url)), args, file);
}

async function control(origin: string, path: string, init?: RequestInit): Promise<unknown> {
  return (await controlRequest(origin, path, init)).json();
}

export interface AuthServerStats {
  tokenRequests: { total: number; byGrantType: Record<string, number> };
  registrations: number;
  revocations: number;
  authorizations: number;
  /** Spent (rotated) refresh tokens presented again: each one revoked its grant. */
  refreshReuse: number;
  grantsRevoked: number;
  /** Token requests answered by `failTokenRequests` instead of the provider. */
  injectedFailures: number;
}

export interface StartAuthServerOptions {
  /** Access-token lifetime in seconds (default 3600). */
  accessTtl?: number;
  /** Headless consent (default true); false serves the real login/consent pages. */
  autoConsent?: boolean;
  /** Every interaction ends with access_denied. */
  deny?: boolean;
  /** How it bends the spec like a named hosted server (tests/servers/authQuirks.mjs). */
  profile?: Record<string, unknown>;
  /** Which endpoints send CORS headers (default all; tests/gallery/cors plays servers that send none). */
  cors?: 'all' | 'none' | 'except-token';
}

export interface RunningAuthServer {
  readonly issuer: string;
  readonly port: number;
  readonly pid: number;
  stats(): Promise<AuthServerStats>;
  resetStats(): Promise<void>;
  /** Deletes every refresh token at the server; resolves with how many there were. */
  revokeAllRefreshTokens(): Promise<number>;
  setDeny(deny: boolean): Promise<void>;
  /** Switches between the real login/consent pages and auto-consent (for a server started without it). */
  setAutoConsent(autoConsent: boolean): Promise<void>;
  /** The user auto-consent signs in from now on (default `test-user`): another of the person's accounts. */
  setSubject(subject: string): Promise<void>;
  /** The next `count` token requests answer `status` (no OAuth body), or lose their connection with `drop`. */
  failTokenRequests(count: number, failure?: { status?: number; drop?: boolean }): Promise<void>;
  stop(): Promise<void>;
}

export async function startAuthServer(options: StartAuthServerOptions = {}): Promise<RunningAuthServer> {
  const args = ['--port', '0', '--access-ttl', String(options.accessTtl ?? 3600)];
  if (options.autoConsent ?? true) args.push('--auto-consent');
  if (options.deny) args.push('--deny');
  if (options.profile) args.push('--profile', JSON.stringify(options.profile));
  if (options.cors) args.push('--cors', options.cors);
  const { child, port } = await spawnServer('auth-server.mjs', args);
  const origin = `http://127.0.0.1:${port}`;
  return {
    issuer: origin,
    port,
    pid: child.pid ?? -1,
    stats: () => control(origin, 'stats') as Promise<AuthServerStats>,
    resetStats: async () => {
      await control(origin, 'reset-stats', { method: 'POST' });
    },
    revokeAllRefreshTokens: async () =>
      ((await control(origin, 'revoke-all', { method: 'POST' })) as { revoked: number }).revoked,
    setDeny: async (deny) => {
      await control(origin, 'deny', { method: 'POST', body: JSON.stringify({ deny }) });
    },
    setAutoConsent: async (autoConsent) => {
      await control(origin, 'auto-consent', { method: 'POST', body: JSON.stringify({ autoConsent }) });
    },
    setSubject: async (subject) => {
      await control(origin, 'subject', { method: 'POST', body: JSON.stringify({ subject }) });
    },
    failTokenRequests: async (count, failure = {}) => {
      await control(origin, 'token-failures', {
        method: 'POST',
        body: JSON.stringify({ count, ...failure }),
      });
    },
    stop: () => killChild(child),
  };
}

export interface StartOAuthMcpServerOptions {
  issuer: string;
  /** Scope named in PRM `scopes_supported` and the 401 challenge (default `mcp:tools`). */
  scope?: string;
  /** Adds the `admin_echo` tool, which needs this scope (403 insufficient_scope otherwise). */
  requiredScope?: string;
  /** Adds an MCP App (`whoami_app`) whose button calls `whoami` from inside the app. */
  apps?: boolean;
  /** The `aud` tokens must carry (default: the server's URL). */
  audience?: string;
  /** The authorization server identifier its metadata names (default `issuer`). */
  prmIssuer?: string;
  /** Takes ID tokens (audience = the client id) instead of access tokens. */
  bearer?: 'access_token' | 'id_token';
  /** Sends no CORS header anywhere (default: CORS for every origin). */
  noCors?: boolean;
}

export interface RunningOAuthMcpServer {
  /** http://127.0.0.1:<port>/mcp */
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  readonly resourceMetadataUrl: string;
  stats(): Promise<{ requests: number; unauthorized: number }>;
  /**
   * The server checks token expiry as if its clock were `seconds` ahead (0 puts it back): a token the client
   * still believes fresh is refused as expired, by the server's real check, without waiting for it.
   */
  setClockAhead(seconds: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startOAuthMcpServer(
  options: StartOAuthMcpServerOptions,
): Promise<RunningOAuthMcpServer> {
  const args = ['--port', '0', '--issuer', options.issuer];
  if (options.scope) args.push('--scope', options.scope);
  if (options.requiredScope) args.push('--required-scope', options.requiredScope);
  if (options.apps) args.push('--apps');
  if (options.audience) args.push('--audience', options.audience);
  if (options.prmIssuer) args.push('--prm-issuer', options.prmIssuer);
  if (options.bearer) args.push('--bearer', options.bearer);
  if (options.noCors) args.push('--no-cors');
  const { child, port } = await spawnServer('oauth-mcp-server.mjs', args);
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/mcp`,
    port,
    pid: child.pid ?? -1,
    resourceMetadataUrl: `${origin}/.well-known/oauth-protected-resource/mcp`,
    stats: () => control(origin, 'stats') as Promise<{ requests: number; unauthorized: number }>,
    setClockAhead: async (seconds) => {
      await control(origin, 'clock', { method: 'POST', body: JSON.stringify({ aheadSeconds: seconds }) });
    },
    stop: () => killChild(child),
  };
}

/** The cookies a browser would keep for one loopback authorization server (paths ignored: one host). */
export class CookieJar {
  private readonly cookies = new Map<string, string>();
  store(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const index = pair?.indexOf('=') ?? -1;
      if (!pair || index < 1) continue;
      const name = pair.slice(0, index).trim();
      const value = pair.slice(index + 1).trim();
      if (/expires=Thu, 01 Jan 1970/i.test(line) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

/**
 * Plays the browser: follows the authorization server's redirects (auto-consent login and consent) with
 * `redirect: 'manual'` until a Location points at the callback URL, and returns that URL — the authorization
 * response carrying `code`/`error`, `state` and `iss`. Bounded in hops and time.
 */
export async function authorizeHeadless(
  authorizationUrl: URL | string,
  callbackUrl: string,
  jar: CookieJar = new CookieJar(),
): Promise<URL> {
  const callback = new URL(callbackUrl);
  let next = new URL(authorizationUrl);
  for (let hop = 0; hop < MAX_AUTHORIZATION_HOPS; hop += 1) {
    const response = await fetch(next, {
      redirect: 'manual',
      headers: { cookie: jar.header() },
      signal: AbortSignal.timeout(HOP_TIMEOUT_MS),
    });
    jar.store(response);
    const location = response.headers.get('location');
    await response.body?.cancel();
    if (!location || response.status < 300 || response.status >= 400) {
      throw new Error(`authorization stopped at ${next.origin}${next.pathname} with HTTP ${response.status}`);
    }
    next = new URL(location, next);
    if (next.origin === callback.origin && next.pathname === callback.pathname) return next;
  }
  throw new Error(`authorization did not reach the callback within ${MAX_AUTHORIZATION_HOPS} redirects`);
}

/**
 * Registers a confidential client at the authorization server (RFC 7591), as an administrator would before
 * handing out `client_id`/`client_secret` for a pre-registered configuration.
 */
export async function registerConfidentialClient(
  issuer: string,
  redirectUri: string,
  tokenEndpointAuthMethod: 'client_secret_basic' | 'client_secret_post' = 'client_secret_basic',
): Promise<{ clientId: string; clientSecret: string }> {
  const metadata = (await (
    await fetch(`${issuer}/.well-known/openid-configuration`, {
      signal: AbortSignal.timeout(REGISTRATION_TIMEOUT_MS),
    })
  ).json()) as { registration_endpoint: string };
  const response = await fetch(metadata.registration_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      redirect_uris: [redirectUri],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: tokenEndpointAuthMethod,
      application_type: 'native',
      client_name: 'pre-registered test client',
    }),
    signal: AbortSignal.timeout(REGISTRATION_TIMEOUT_MS),
  });
  if (response.status !== 201)
    throw new Error(`registration failed: ${response.status} ${await response.text()}`);
  const client = (await response.json()) as { client_id: string; client_secret: string };
  return { clientId: client.client_id, clientSecret: client.client_secret };
}
