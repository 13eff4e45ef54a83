// A loopback HTTP forward proxy that adds CORS headers and changes nothing else.
//
// The suite's servers send no CORS headers, so a page on another origin could not read their answers. Chromium is
// started with `--proxy-server=<this proxy>` (and `<-loopback>`, so loopback traffic is not exempt): every request
// the browser makes arrives here in absolute form (`GET http://localhost:PORT/path`) and is forwarded to that same
// URL with the same method, headers and body; the answer comes back with its status, headers and body untouched,
// plus the Access-Control-* headers a CORS-enabled server would send. Because URLs are never rewritten, the
// absolute URLs in the suite's metadata (`authorization_servers`, `resource`, endpoints) keep working as they are.
// CORS preflights (OPTIONS with Access-Control-Request-Method) are answered here and never reach the suite.
import http from 'node:http';

const LOOPBACK = '127.0.0.1';
/** Response headers a browser client must read: the OAuth challenge, the legacy session, protocol version. */
const EXPOSED_HEADERS = ['WWW-Authenticate', 'Mcp-Session-Id', 'Mcp-Protocol-Version', 'Location'];
const UPSTREAM_TIMEOUT_MS = 30_000;
/** Hop-by-hop headers (RFC 9110 §7.6.1) belong to the browser→proxy connection, not to the request. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authorization',
  'te',
  'trailer',
  'upgrade',
]);

function isLoopbackHost(hostname) {
  return hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]';
}

function corsHeaders(origin) {
  return { 'access-control-allow-origin': origin, vary: 'Origin' };
}

/**
 * Starts the proxy on 127.0.0.1 (a free port). Only loopback destinations are forwarded: anything else is
 * refused, so a page can never reach beyond this machine through it.
 * @returns {Promise<{ url: string, port: number, close: () => Promise<void>, requests: () => number }>}
 */
export async function startCorsProxy() {
  let forwarded = 0;
  const server = http.createServer((req, res) => {
    let target;
    try {
      target = new URL(req.url ?? '');
    } catch {
      res.writeHead(400).end('absolute-form request expected');
      return;
    }
    if (target.protocol !== 'http:' || !isLoopbackHost(target.hostname)) {
      res.writeHead(403).end('only loopback http destinations');
      return;
    }
    const origin = req.headers.origin;
    const preflight = req.method === 'OPTIONS' && origin && req.headers['access-control-request-method'];
    if (preflight) {
      res.writeHead(204, {
        ...corsHeaders(origin),
        'access-control-allow-methods': req.headers['access-control-request-method'],
        ...(req.headers['access-control-request-headers']
          ? { 'access-control-allow-headers': req.headers['access-control-request-headers'] }
          : {}),
        'access-control-max-age': '600',
      });
      res.end();
      return;
    }

    const headers = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (!HOP_BY_HOP.has(name) && value !== undefined) headers[name] = value;
    }
    forwarded += 1;
    const upstream = http.request(
      target,
      { method: req.method, headers, timeout: UPSTREAM_TIMEOUT_MS },
      (answer) => {
        const out = {};
        for (const [name, value] of Object.entries(answer.headers)) {
          if (!HOP_BY_HOP.has(name) && value !== undefined) out[name] = value;
        }
        if (origin) {
          Object.assign(out, corsHeaders(origin), {
            'access-control-expose-headers': EXPOSED_HEADERS.join(', '),
          });
        }
        res.writeHead(answer.statusCode ?? 502, answer.statusMessage, out);
        // Streamed as it comes (SSE included): no buffering.
        answer.pipe(res);
      },
    );
    upstream.on('timeout', () => upstream.destroy(new Error('upstream timeout')));
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502, origin ? corsHeaders(origin) : {});
      res.end();
    });
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  });
  server.on('connect', (_req, socket) => socket.end('HTTP/1.1 405 Method Not Allowed\r\n\r\n'));
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, LOOPBACK, resolve);
  });
  const { port } = server.address();
  return {
    url: `http://${LOOPBACK}:${port}`,
    port,
    requests: () => forwarded,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
