// Small hostile servers on 127.0.0.1, for what a real authorization server would never do (point its metadata
// at the user's machine, answer with 50 MB, sit on a request), a "local service" that must never be reached,
// and a fetch that lets loopback servers play remote ones. Every wait here is bounded in count and time.
import { once } from 'node:events';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

const WAIT_STEP_MS = 20;
const DEFAULT_WAIT_MS = 5_000;

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `done` every 20 ms; rejects after `timeoutMs` with `what` in the message. */
export async function waitUntil(
  done: () => boolean,
  what: string,
  timeoutMs = DEFAULT_WAIT_MS,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(WAIT_STEP_MS);
  }
}

export interface SeenRequest {
  method: string;
  path: string;
  /** ms since the epoch, when the request arrived. */
  at: number;
  /** ms since the epoch, when its connection closed or its answer ended; undefined while still open. */
  closedAt?: number;
  /** Body bytes written to it before it closed. */
  bytesSent: number;
}

export type Handler = (
  req: IncomingMessage,
  res: ServerResponse,
  seen: SeenRequest,
  origin: string,
) => void | Promise<void>;

export interface HostileServer {
  /** http://127.0.0.1:<port> */
  readonly origin: string;
  readonly requests: SeenRequest[];
  /** TCP connections accepted, whether or not an HTTP request followed (a TLS handshake counts). */
  readonly connections: () => number;
  /** Requests whose connection is still open. */
  open(): SeenRequest[];
  /** Forgets the requests and connections seen so far. */
  reset(): void;
  close(): Promise<void>;
}

/** A loopback HTTP server run by `handler`, recording every request and how long its connection stayed. */
export async function startHostileServer(handler: Handler): Promise<HostileServer> {
  const requests: SeenRequest[] = [];
  const sockets = new Set<Socket>();
  let connections = 0;
  let origin = '';
  const server = http.createServer((req, res) => {
    const seen: SeenRequest = {
      method: req.method ?? 'GET',
      path: new URL(req.url ?? '/', origin).pathname,
      at: Date.now(),
      bytesSent: 0,
    };
    requests.push(seen);
    const write = res.write.bind(res) as (chunk: unknown, ...rest: unknown[]) => boolean;
    res.write = ((chunk: unknown, ...rest: unknown[]) => {
      if (typeof chunk === 'string' || chunk instanceof Uint8Array)
        seen.bytesSent += Buffer.byteLength(chunk);
      return write(chunk, ...rest);
    }) as typeof res.write;
    res.on('close', () => {
      seen.closedAt ??= Date.now();
    });
    Promise.resolve(handler(req, res, seen, origin)).catch(() => res.destroy());
  });
  server.on('connection', (socket) => {
    connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    requests,
    connections: () => connections,
    open: () => requests.filter((request) => request.closedAt === undefined),
    reset: () => {
      requests.length = 0;
      connections = 0;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Reads a request body (bounded: test clients send small ones). */
export async function bodyOf(req: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 1_000_000) throw new Error('request body too large for a test');
  }
  return body;
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}

export const FIFTY_MB = 50 * 1024 * 1024;
const CHUNK = Buffer.alloc(64 * 1024, 'x');

/**
 * Answers with a JSON document of `totalBytes` (`prefix` + padding + `"}`), streamed in 64 KiB chunks with
 * backpressure, so the request's `bytesSent` counts only what the client's socket took before it hung up. With
 * `declareLength` the size is announced in Content-Length, otherwise the answer is chunked.
 */
export async function streamHugeJson(
  res: ServerResponse,
  prefix: Record<string, unknown>,
  options: { status?: number; totalBytes?: number; declareLength?: boolean } = {},
): Promise<void> {
  const total = options.totalBytes ?? FIFTY_MB;
  const head = Buffer.from(`${JSON.stringify(prefix).slice(0, -1)},"padding":"`);
  const tail = Buffer.from('"}');
  res.writeHead(options.status ?? 200, {
    'content-type': 'application/json',
    ...(options.declareLength ? { 'content-length': String(total) } : {}),
  });
  let left = total - head.length - tail.length;
  const writeOrWait = async (chunk: Buffer): Promise<boolean> => {
    if (res.destroyed) return false;
    if (res.write(chunk)) return true;
    // Either the client reads on, or it hangs up.
    await Promise.race([once(res, 'drain'), once(res, 'close')]);
    return !res.destroyed;
  };
  if (!(await writeOrWait(head))) return;
  while (left > 0) {
    const chunk = left >= CHUNK.length ? CHUNK : CHUNK.subarray(0, left);
    left -= chunk.length;
    if (!(await writeOrWait(chunk))) return;
  }
  res.end(tail);
}

/**
 * A fetch on which loopback servers stand in for remote ones: `https://<name>` origins in `routes` go to the
 * loopback origin given, loopback URLs go out unchanged, and any other host fails at once as unreachable (this
 * machine has no other network). Every URL it is asked for is recorded in `asked`, before any routing.
 */
export function routedFetch(
  routes: Record<string, string>,
  asked: string[],
): (input: string | URL, init?: RequestInit) => Promise<Response> {
  return async (input, init) => {
    const url = new URL(String(input));
    asked.push(url.href);
    const target = routes[url.origin];
    if (target) return fetch(new URL(`${url.pathname}${url.search}`, target), init);
    if (url.hostname === '127.0.0.1' || url.hostname === 'localhost') return fetch(url, init);
    throw new TypeError(`fetch failed: ${url.host} is unreachable from this test`);
  };
}
