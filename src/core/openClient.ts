import {
  Client,
  type FetchLike,
  type Implementation,
  SdkErrorCode,
  SdkHttpError,
  SSEClientTransport,
  StreamableHTTPClientTransport,
  type PriorDiscovery,
  type Transport,
} from '@modelcontextprotocol/client';
import { answerServerRequests, type ClientAnswers, clientCapabilities } from './clientHandlers';
import { type KnownProtocol, type ProtocolStorage, protocolKey, protocolMemory } from './protocolMemory';
import { McpUseError, TimeoutError } from './errors';
import { toMcpUseError, where, type ErrorContext } from './toMcpUseError';
import type { ConnectionAuth, ConnectionOptions, TransportType } from './types';

export interface OpenClientParams extends ClientAnswers {
  url: URL | undefined;
  transportType: TransportType;
  headers: Record<string, string>;
  fetch: FetchLike | undefined;
  createTransport: (() => Transport | Promise<Transport>) | undefined;
  clientInfo: Implementation;
  auth: ConnectionAuth | undefined;
  extensions: ConnectionOptions['extensions'];
  /**
   * Whether this connection may hold the optional long-lived streams (legacy standalone GET stream, 2026-07-28
   * `subscriptions/listen`). Without one, list changes are picked up by re-listing (see streamBudget.ts).
   */
  streams: boolean;
  timeoutMs: number;
  signal: AbortSignal;
  /** Where what the server speaks is remembered beyond this process or page (memory only when undefined). */
  protocolStorage: ProtocolStorage | undefined;
  context: ErrorContext;
  log: (message: string) => void;
  /** Told of every failure of the auth plug-in: the SDK reports those only as a closed connection. */
  onAuthFailure: (error: unknown) => void;
}

export interface OpenedClient {
  client: Client;
  transport: Transport;
  kind: 'http' | 'sse' | 'stdio';
  /** Whether list changes can reach this client (it may hold its update stream). */
  streams: boolean;
}

/**
 * Adds the configured headers to every request the transports make (the POSTs and the stream GETs alike).
 * Headers the transport sets itself win, so an OAuth token from `auth` replaces a static Authorization header.
 */
function fetchWithHeaders(base: FetchLike, headers: Record<string, string>): FetchLike {
  if (Object.keys(headers).length === 0) return base;
  return (input, init) => {
    const merged = new Headers(headers);
    new Headers(init?.headers).forEach((value, key) => {
      merged.set(key, value);
    });
    return base(input, { ...init, headers: merged });
  };
}

/**
 * The legacy standalone stream is a bare GET for `text/event-stream`. A GET that carries `Last-Event-ID` resumes
 * a response stream the server closed early (SEP-1699) and must go through: the call's answer comes on it.
 */
function isStandaloneStreamRequest(init: RequestInit | undefined): boolean {
  const method = (init?.method ?? 'GET').toUpperCase();
  const headers = new Headers(init?.headers);
  return (
    method === 'GET' &&
    (headers.get('accept') ?? '').includes('text/event-stream') &&
    !headers.has('last-event-id')
  );
}

/**
 * Declines the legacy standalone GET stream without asking the server: a 405 is the spec's way of saying "no
 * stream here", and the SDK carries on without one.
 */
export function fetchWithoutStandaloneStream(base: FetchLike): FetchLike {
  return (input, init) =>
    isStandaloneStreamRequest(init)
      ? Promise.resolve(new Response(null, { status: 405 }))
      : base(input, init);
}

function newClient(params: OpenClientParams, negotiate: boolean): Client {
  const client = new Client(params.clientInfo, {
    capabilities: {
      ...clientCapabilities(params),
      ...(params.extensions ? { extensions: params.extensions } : {}),
    },
    // No `listChanged` here: the SDK would wait inside `connect()` for the 2026-07-28 subscription's
    // acknowledgement. It is opened once connected, beside the lists (listChanges.ts).
    // Probe `server/discover` and fall back to the 2025 `initialize` handshake; the SDK's default is legacy-only.
    versionNegotiation: { mode: negotiate ? 'auto' : 'legacy' },
  });
  answerServerRequests(client, params);
  return client;
}

async function connectWith(
  params: OpenClientParams,
  transport: Transport,
  negotiate: boolean,
  prior?: PriorDiscovery,
): Promise<Client> {
  const client = newClient(params, negotiate);
  const connecting = client.connect(transport, {
    timeout: params.timeoutMs,
    signal: params.signal,
    ...(prior ? { prior } : {}),
  });
  try {
    await withinDeadline(connecting, params);
    return client;
  } catch (error) {
    await client.close().catch(() => undefined);
    throw error;
  }
}

/**
 * The whole handshake gets `timeoutMs`, transport start included: the SDK waits for an HTTP+SSE server's
 * `endpoint` event without a limit of its own, so a server that opens the stream and says nothing would
 * otherwise hold `connect` forever. Giving up (deadline or abort) is immediate.
 */
function withinDeadline(step: Promise<void>, params: OpenClientParams): Promise<void> {
  const { signal, timeoutMs, context } = params;
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () =>
        reject(
          new TimeoutError(
            `${where(context)} did not complete the MCP handshake within ${timeoutMs} ms`,
            context,
          ),
        ),
      timeoutMs,
    );
    const onAbort = () => reject(signal.reason ?? new DOMException('Aborted', 'AbortError'));
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    step.then(resolve, reject).finally(() => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
    });
  });
}

/** Servers that only speak the old HTTP+SSE transport reject a Streamable HTTP POST with one of these. */
function suggestsSseOnly(error: McpUseError): boolean {
  return (
    error.code === 'http_error' && (error.status === 400 || error.status === 404 || error.status === 405)
  );
}

/** Connects a new SDK client over the transport the options ask for, falling back from Streamable HTTP to SSE. */
export async function openClient(params: OpenClientParams): Promise<OpenedClient> {
  if (params.createTransport) {
    const transport = await params.createTransport();
    // stdio has no connection limit: list changes always arrive on the pipe.
    return { client: await connectWith(params, transport, true), transport, kind: 'stdio', streams: true };
  }
  const url = params.url;
  if (!url) throw new McpUseError('invalid_url', 'No server URL was given', params.context);
  const auth = params.auth;
  const reporting = async <T>(step: () => Promise<T>): Promise<T> => {
    try {
      return await step();
    } catch (error) {
      params.onAuthFailure(error);
      throw error;
    }
  };
  /** The Authorization header each response's request carried ('' for none): a 401 names what it refused. */
  const sentWith = new WeakMap<Response, string>();
  let handedOut: string | undefined;
  const authProvider = auth
    ? {
        token: () => reporting(async () => (handedOut = await auth.token())),
        onUnauthorized: ({ response }: { response: Response }) => {
          // Requests go out in parallel: a 401 to one sent with no token or an older one, while a newer token was
          // handed out meanwhile, refuses nothing current. The SDK's one retry carries the current token.
          const sent = sentWith.get(response);
          if (handedOut && sent !== undefined && sent !== `Bearer ${handedOut}`) return Promise.resolve();
          return reporting(() => auth.onUnauthorized(response, { signal: params.signal }));
        },
      }
    : undefined;
  /**
   * The SDK sends a request once more after `onUnauthorized` resolved (a refresh) and, refused again, gives up
   * without asking: the plug-in hears of that second refusal too, so that its verdict (sign in again, or an error
   * that says why that would not help) decides instead of a bare 401.
   */
  const verdictOnRefusedRetry = async (error: unknown): Promise<McpUseError | undefined> => {
    if (!auth || !(error instanceof SdkHttpError) || error.code !== SdkErrorCode.ClientHttpAuthentication) {
      return undefined;
    }
    try {
      await reporting(() =>
        auth.onUnauthorized(new Response(null, { status: 401 }), { signal: params.signal }),
      );
      return undefined;
    } catch (verdict) {
      return toMcpUseError(verdict, params.context);
    }
  };
  const base = fetchWithHeaders(params.fetch ?? ((input, init) => fetch(input, init)), params.headers);
  const withHeaders: FetchLike = async (input, init) => {
    const response = await base(input, init);
    sentWith.set(response, new Headers(init?.headers).get('authorization') ?? '');
    return response;
  };
  const common = authProvider ? { authProvider } : {};

  const memoryKey = protocolKey(url, params.headers);
  const storage = params.protocolStorage;
  const known = protocolMemory.get(memoryKey, storage);

  const openSse = async (): Promise<OpenedClient> => {
    // The HTTP+SSE transport cannot work without its stream, so it always keeps one (and its notifications).
    const transport = new SSEClientTransport(url, { ...common, fetch: withHeaders });
    // SSE-only servers predate 2026-07-28: skip the discover probe.
    const client = await connectWith(params, transport, false);
    protocolMemory.remember(memoryKey, { transport: 'sse' }, storage);
    return { client, transport, kind: 'sse', streams: true };
  };
  if (params.transportType === 'sse' || (params.transportType === 'auto' && known?.transport === 'sse')) {
    return openSse().catch((error) => {
      protocolMemory.forget(memoryKey, storage); // the next attempt finds out again
      throw error;
    });
  }

  const openHttp = async (prior: PriorDiscovery | undefined): Promise<OpenedClient> => {
    const transport = new StreamableHTTPClientTransport(url, {
      ...common,
      fetch: params.streams ? withHeaders : fetchWithoutStandaloneStream(withHeaders),
      // A response stream the server closes early is resumed with Last-Event-ID (SEP-1699), a couple of times at
      // most; a connection that stays broken is then ours to notice and reconnect, with states the UI can show.
      reconnectionOptions: {
        maxRetries: 2,
        initialReconnectionDelay: 500,
        maxReconnectionDelay: 3_000,
        reconnectionDelayGrowFactor: 2,
      },
    });
    const client = await connectWith(params, transport, true, prior);
    protocolMemory.remember(memoryKey, rememberedEra(client), storage);
    return { client, transport, kind: 'http', streams: params.streams };
  };

  const prior = known?.transport === 'http' ? known.prior : undefined;
  try {
    return await openHttp(prior);
  } catch (error) {
    const typed = toMcpUseError(error, params.context);
    if (prior && !params.signal.aborted && typed.code !== 'auth_required') {
      // The server may have changed since we last met it: find out again, once.
      protocolMemory.forget(memoryKey, storage);
      params.log('What this server spoke last time did not work; negotiating again');
      return openHttp(undefined);
    }
    if (params.transportType === 'auto' && suggestsSseOnly(typed) && !params.signal.aborted) {
      params.log(`Streamable HTTP refused (HTTP ${typed.status}); trying the HTTP+SSE transport`);
      try {
        return await openSse();
      } catch (sseError) {
        // A server that opened an event stream but never finished the handshake does speak SSE: say that.
        // Otherwise the Streamable HTTP failure says more about a server that speaks neither.
        const fromSse = toMcpUseError(sseError, params.context);
        throw fromSse.code === 'timeout' ? fromSse : typed;
      }
    }
    throw (await verdictOnRefusedRetry(error)) ?? typed;
  }
}

function rememberedEra(client: Client): KnownProtocol {
  const discover = client.getDiscoverResult();
  return client.getProtocolEra() === 'modern' && discover
    ? { transport: 'http', prior: { kind: 'modern', discover } }
    : { transport: 'http', prior: { kind: 'legacy' } };
}
