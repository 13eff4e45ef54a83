// Shared by the OAuth integration tests: an environment with a fresh store, a recording fetch and a captured
// log; a raw JSON-RPC tool call; and small forged HTTP servers for cases a real server cannot produce.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createMemoryStore,
  createMutexLock,
  type KeyValueStore,
  type LockFn,
  type OAuthEnv,
} from '../../../src/auth/index';

export interface RecordedRequest {
  method: string;
  url: string;
  body?: string;
}

export interface TestEnv extends OAuthEnv {
  store: KeyValueStore;
  lock: LockFn;
  requests: RecordedRequest[];
  logs: { level: string; message: string; data?: Record<string, unknown> }[];
}

/** A fresh store and lock (so tests never share state), a fetch that records every request, a captured log. */
export function testEnv(overrides: Partial<OAuthEnv> = {}): TestEnv {
  const requests: RecordedRequest[] = [];
  const logs: TestEnv['logs'] = [];
  return {
    store: createMemoryStore(),
    lock: createMutexLock(),
    requests,
    logs,
    fetch: async (input, init) => {
      const body =
        typeof init?.body === 'string'
          ? init.body
          : init?.body instanceof URLSearchParams
            ? init.body.toString()
            : undefined;
      requests.push({
        method: init?.method ?? 'GET',
        url: String(input),
        ...(body !== undefined ? { body } : {}),
      });
      return fetch(input, init);
    },
    log: (level, message, data) => {
      logs.push({ level, message, ...(data ? { data } : {}) });
    },
    ...overrides,
  };
}

export interface ToolCallResult {
  status: number;
  wwwAuthenticate: string | null;
  text: string;
}

/** A 2025-era JSON-RPC `tools/call` (the server's stateless legacy leg answers it without initialize). */
export async function callTool(
  url: string,
  token: string | undefined,
  name: string,
  args: Record<string, unknown> = {},
): Promise<ToolCallResult> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name, arguments: args } }),
    signal: AbortSignal.timeout(5_000),
  });
  return {
    status: response.status,
    wwwAuthenticate: response.headers.get('www-authenticate'),
    text: await response.text(),
  };
}

export type Route = (request: {
  method: string;
  path: string;
  body: string;
  origin: string;
}) => { status: number; json?: unknown; headers?: Record<string, string> } | undefined;

export interface LocalServer {
  origin: string;
  /** Paths requested, in order (`METHOD /path`). */
  hits: string[];
  close(): Promise<void>;
}

/** A loopback HTTP server answering from a route function (404 when it returns undefined). */
export async function startLocalServer(route: Route): Promise<LocalServer> {
  const hits: string[] = [];
  let origin = '';
  const server = http.createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    const path = new URL(req.url ?? '/', origin).pathname;
    hits.push(`${req.method} ${path}`);
    const answer = route({ method: req.method ?? 'GET', path, body, origin });
    if (!answer) return void res.writeHead(404).end();
    res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
    res.end(answer.json === undefined ? undefined : JSON.stringify(answer.json));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Authorization-server metadata as a real server would publish it, for forged servers. */
export function asMetadata(issuer: string, overrides: Record<string, unknown> = {}) {
  return {
    issuer,
    authorization_endpoint: `${issuer}/authorize`,
    token_endpoint: `${issuer}/token`,
    registration_endpoint: `${issuer}/register`,
    response_types_supported: ['code'],
    code_challenge_methods_supported: ['S256'],
    ...overrides,
  };
}
