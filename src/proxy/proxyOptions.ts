/**
 * What `createProxyHandler` takes, and the same options checked and normalised once, when the handler is made:
 * a mistake in them is a ProxyConfigError at startup, not a refusal found by the first user.
 */
import { isLoopbackHost, networkOf } from '../auth/urlPolicy';
import { ProxyConfigError } from './errors';

/** A confidential client whose secret the proxy adds to the requests that authenticate the client. */
export interface ProxyClient {
  clientId: string;
  clientSecret: string;
  /** RFC 6749 §2.3.1. Default `client_secret_basic` (every authorization server must support it). */
  tokenEndpointAuthMethod?: 'client_secret_basic' | 'client_secret_post';
}

/** One line about a request, for the app's logs. Never a token, a secret, a header value, a body or a query. */
export interface ProxyLogEntry {
  level: 'info' | 'warn';
  message: string;
  /** The request's method (absent on the entry about the handler's own settings). */
  method?: string;
  /** The target's origin and path. */
  target?: string;
  /** The upstream's status, for a forwarded request. */
  status?: number;
  /** Why the request was refused (see `ProxyRefusal`). */
  refusal?: string;
  /** Set when the proxy added a configured client's credentials. */
  clientAuthentication?: 'client_secret_basic' | 'client_secret_post';
  durationMs?: number;
}

export interface ProxyHandlerOptions {
  /**
   * The hosts requests may go to: `auth.example.com` (its default port) or `auth.example.com:8443`, compared
   * exactly. Nothing else is ever reached.
   */
  allowedHosts: readonly string[];
  /**
   * Confidential clients, keyed by their authorization server's host (`auth.example.com`) or, where one host
   * serves several issuers, by an issuer URL (`https://sso.example.com/realms/apps`). Their secret is added to
   * token and revocation requests for that client there, and never leaves the server.
   */
  clients?: Readonly<Record<string, ProxyClient>>;
  /** Let listed hosts be loopback, private or link-local addresses (IP literals, `localhost`). Default false. */
  allowPrivateNetwork?: boolean;
  /** Plain http: to listed loopback hosts, for development. Default false: https only. */
  allowHttp?: boolean;
  /** Exact origins of pages elsewhere that may call this proxy (it then answers their CORS preflights). */
  allowedOrigins?: readonly string[];
  /** Whether this request may use the proxy at all, e.g. a check of the app's session cookie. */
  authorize?: (request: Request) => boolean | Promise<boolean>;
  /** Largest request body forwarded, in bytes. Default 1 MiB. */
  maxRequestBytes?: number;
  /** Largest response body relayed, in bytes (a stream is cut there). Default 10 MiB. */
  maxResponseBytes?: number;
  /** How long to wait for the upstream's response headers. Default 30 s. */
  timeoutMs?: number;
  onLog?: (entry: ProxyLogEntry) => void;
  /** The fetch that reaches the upstreams (an egress proxy's, say). Default: the global fetch. */
  fetch?: (input: string, init: RequestInit) => Promise<Response>;
}

interface ClientRule {
  host: string;
  /** The issuer's path, `/`-terminated (`/` for a host-wide rule): the most specific matching rule wins. */
  pathPrefix: string;
  client: ProxyClient;
}

export interface ProxyConfig {
  hosts: ReadonlySet<string>;
  clients: readonly ClientRule[];
  allowPrivateNetwork: boolean;
  allowHttp: boolean;
  allowedOrigins: ReadonlySet<string>;
  authorize: ((request: Request) => boolean | Promise<boolean>) | undefined;
  maxRequestBytes: number;
  maxResponseBytes: number;
  timeoutMs: number;
  log: (entry: ProxyLogEntry) => void;
  fetch: (input: string, init: RequestInit) => Promise<Response>;
}

const MiB = 1024 * 1024;

/** `host` or `host:port` as the URL parser writes it (lower case, default port dropped), or undefined. */
function normalHost(entry: string): string | undefined {
  if (!/^[^/?#@\s]+$/.test(entry)) return undefined;
  try {
    return new URL(`https://${entry}`).host;
  } catch {
    return undefined;
  }
}

function resolveHosts(options: ProxyHandlerOptions): Set<string> {
  if (!Array.isArray(options.allowedHosts) || options.allowedHosts.length === 0) {
    throw new ProxyConfigError(
      'allowedHosts',
      'list the hosts the proxy may reach (it reaches nothing else)',
    );
  }
  const hosts = new Set<string>();
  for (const entry of options.allowedHosts) {
    const host = typeof entry === 'string' ? normalHost(entry) : undefined;
    if (!host) throw new ProxyConfigError('allowedHosts', `"${entry}" is not a host or host:port`);
    const hostname = new URL(`https://${host}`).hostname;
    if (networkOf(hostname) !== 'public' && !options.allowPrivateNetwork) {
      throw new ProxyConfigError(
        'allowedHosts',
        `${host} is a ${networkOf(hostname)} address; set allowPrivateNetwork to reach it`,
      );
    }
    hosts.add(host);
  }
  return hosts;
}

function clientRule(key: string, client: ProxyClient, hosts: ReadonlySet<string>): ClientRule {
  const option = `clients["${key}"]`;
  let host: string | undefined;
  let pathPrefix = '/';
  if (key.includes('://')) {
    const issuer = URL.canParse(key) ? new URL(key) : undefined;
    host = issuer?.host;
    pathPrefix = issuer ? `${issuer.pathname.replace(/\/$/, '')}/` : '/';
  } else {
    host = normalHost(key);
  }
  if (!host) throw new ProxyConfigError(option, 'key it by a host or an issuer URL');
  if (!hosts.has(host)) throw new ProxyConfigError(option, `${host} is not in allowedHosts`);
  if (typeof client?.clientId !== 'string' || !client.clientId) {
    throw new ProxyConfigError(option, 'clientId is required');
  }
  if (typeof client.clientSecret !== 'string' || !client.clientSecret) {
    throw new ProxyConfigError(option, 'clientSecret is required');
  }
  const method = client.tokenEndpointAuthMethod;
  if (method !== undefined && method !== 'client_secret_basic' && method !== 'client_secret_post') {
    throw new ProxyConfigError(
      option,
      'tokenEndpointAuthMethod is client_secret_basic or client_secret_post',
    );
  }
  return { host, pathPrefix, client };
}

function origins(list: readonly string[] | undefined): Set<string> {
  const found = new Set<string>();
  for (const entry of list ?? []) {
    const origin = URL.canParse(entry) ? new URL(entry).origin : 'null';
    if (origin === 'null' || origin !== entry.replace(/\/$/, '')) {
      throw new ProxyConfigError('allowedOrigins', `"${entry}" is not an origin (scheme://host[:port])`);
    }
    found.add(origin);
  }
  return found;
}

function positive(option: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) throw new ProxyConfigError(option, 'must be a positive number');
  return value;
}

export function resolveProxyOptions(options: ProxyHandlerOptions): ProxyConfig {
  const hosts = resolveHosts(options);
  const clients = Object.entries(options.clients ?? {})
    .map(([key, client]) => clientRule(key, client, hosts))
    .sort((a, b) => b.pathPrefix.length - a.pathPrefix.length);
  const fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  return {
    hosts,
    clients,
    allowPrivateNetwork: options.allowPrivateNetwork === true,
    allowHttp: options.allowHttp === true,
    allowedOrigins: origins(options.allowedOrigins),
    authorize: options.authorize,
    maxRequestBytes: positive('maxRequestBytes', options.maxRequestBytes, MiB),
    maxResponseBytes: positive('maxResponseBytes', options.maxResponseBytes, 10 * MiB),
    timeoutMs: positive('timeoutMs', options.timeoutMs, 30_000),
    log: options.onLog ?? (() => {}),
    fetch,
  };
}

/** Whether plain http: may go to this host: development only, loopback only. */
export function allowsHttpTo(config: ProxyConfig, hostname: string): boolean {
  return config.allowHttp && isLoopbackHost(hostname);
}

/** The configured client for a request to `target`, if any. */
export function clientFor(config: ProxyConfig, target: URL): ProxyClient | undefined {
  return config.clients.find(
    (rule) => rule.host === target.host && `${target.pathname}/`.startsWith(rule.pathPrefix),
  )?.client;
}
