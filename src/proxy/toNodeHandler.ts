/**
 * The proxy handler in Node's http API, for Express (`app.use('/api/mcp-proxy', toNodeHandler(handler))`) and a
 * bare `http.createServer`. The only Node-shaped part of the proxy, and it imports nothing from Node: it speaks
 * to the request and response objects through the few members it needs, so the entry still loads in Workers.
 * Bodies stream both ways (an MCP event stream is relayed as it comes); the client going away cancels the
 * upstream request.
 */
import { refusalResponse } from './refusal';
import type { ProxyHandler } from './createProxyHandler';

/** What is used of Node's `IncomingMessage` (Express's request is one). */
export interface NodeRequest extends AsyncIterable<Uint8Array | string> {
  method?: string | undefined;
  url?: string | undefined;
  headers: Record<string, string | string[] | undefined>;
  /** A TLS socket has `encrypted: true`. */
  socket?: unknown;
  /** Set by a body parser that ran first: the body is gone then. */
  body?: unknown;
}

/** What is used of Node's `ServerResponse`. */
export interface NodeResponse {
  writeHead(status: number, headers: Record<string, string>): unknown;
  flushHeaders?(): void;
  write(chunk: Uint8Array): boolean;
  end(): unknown;
  once(event: 'close' | 'drain', listener: () => void): unknown;
  destroy(error?: Error): unknown;
  readonly headersSent: boolean;
}

function requestUrl(req: NodeRequest): string {
  const scheme = (req.socket as { encrypted?: boolean } | null | undefined)?.encrypted ? 'https' : 'http';
  const candidate = `${scheme}://${req.headers.host ?? 'localhost'}${req.url ?? '/'}`;
  return URL.canParse(candidate) ? candidate : `${scheme}://localhost/`;
}

function requestHeaders(req: NodeRequest): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    // Node joins repeated headers itself, except the few it keeps as lists.
    headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return headers;
}

function bodyStream(req: NodeRequest): ReadableStream<Uint8Array> {
  const chunks = req[Symbol.asyncIterator]();
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await chunks.next();
      if (done) controller.close();
      else controller.enqueue(typeof value === 'string' ? encoder.encode(value) : value);
    },
    async cancel() {
      await chunks.return?.();
    },
  });
}

function toRequest(req: NodeRequest, signal: AbortSignal): Request {
  const method = (req.method ?? 'GET').toUpperCase();
  const hasBody = method !== 'GET' && method !== 'HEAD';
  // `duplex: 'half'` is what Node's fetch needs for a streamed body (not yet in the DOM typings).
  const init = {
    method,
    headers: requestHeaders(req),
    signal,
    ...(hasBody ? { body: bodyStream(req), duplex: 'half' } : {}),
  };
  return new Request(requestUrl(req), init as RequestInit);
}

async function writeResponse(res: NodeResponse, response: Response, gone: AbortSignal): Promise<void> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  res.writeHead(response.status, headers);
  if (!response.body) {
    res.end();
    return;
  }
  // An event stream may say nothing for a while: the page must get the status and headers now.
  res.flushHeaders?.();
  const reader = response.body.getReader();
  gone.addEventListener('abort', () => void reader.cancel().catch(() => undefined), { once: true });
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    if (!res.write(read.value))
      await new Promise<void>((resolve) => {
        res.once('drain', resolve);
        res.once('close', resolve);
      });
  }
  res.end();
}

/** `handler` as a Node `(req, res)` listener (and Express middleware: it always answers, never calls `next`). */
export function toNodeHandler(handler: ProxyHandler): (req: NodeRequest, res: NodeResponse) => void {
  return (req, res) => {
    const gone = new AbortController();
    res.once('close', () => gone.abort());
    const answer =
      req.body !== undefined
        ? // A body parser mounted before the proxy (express.json(), express.urlencoded()) has read the body.
          Promise.resolve(refusalResponse('misconfigured', 'Mount the proxy before any body parser'))
        : handler(toRequest(req, gone.signal));
    answer
      .then((response) => writeResponse(res, response, gone.signal))
      .catch((error: unknown) => {
        // A body cut at the size cap, or the client gone: end the connection, the page sees a network error.
        if (!res.headersSent) res.writeHead(502, {});
        res.destroy(error instanceof Error ? error : undefined);
      });
  };
}
