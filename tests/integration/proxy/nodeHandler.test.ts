// The proxy mounted the two Node ways, with `toNodeHandler`: a bare `http.createServer` and Express, in front of
// a real upstream on 127.0.0.1 that sends no CORS headers. Requests go out through the browser side of the wire
// format (fetchThroughProxy), as a page would send them.
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchThroughProxy } from '../../../src/core/fetchThroughProxy';
import { PROXY_REFUSED_HEADER } from '../../../src/core/proxyWire';
import { createProxyHandler, toNodeHandler } from '../../../src/proxy';

const servers: Server[] = [];
let upstreamOrigin: string;
/** The upstream learns here that a client went away mid-stream. */
let streamClosed: Promise<void>;
let closeStream: () => void;

async function listen(server: Server): Promise<string> {
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function readBody(req: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of req) body += chunk;
  return body;
}

/** An upstream without any CORS header: what a browser cannot call, and the proxy can. */
async function upstream(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://upstream').pathname;
  if (path === '/echo') {
    const body = await readBody(req);
    res.writeHead(200, { 'content-type': 'application/json', 'set-cookie': 'tracker=1' });
    res.end(JSON.stringify({ method: req.method, headers: req.headers, body }));
    return;
  }
  if (path === '/events') {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write('data: first\n\n');
    // Nothing more until the client goes away: the first event must arrive on its own.
    req.socket.once('close', () => closeStream());
    return;
  }
  res.writeHead(302, { location: 'https://example.com/' }).end();
}

beforeAll(async () => {
  streamClosed = new Promise((resolve) => {
    closeStream = resolve;
  });
  upstreamOrigin = await listen(createServer((req, res) => void upstream(req, res)));
});

afterAll(async () => {
  for (const server of servers) server.closeAllConnections();
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
});

function handlerFor() {
  return createProxyHandler({
    allowedHosts: [new URL(upstreamOrigin).host],
    // The upstream is on this machine: development settings.
    allowPrivateNetwork: true,
    allowHttp: true,
  });
}

describe('toNodeHandler', () => {
  it('serves the proxy from http.createServer: bodies, the upstream Authorization, filtered headers', async () => {
    const proxyOrigin = await listen(createServer(toNodeHandler(handlerFor())));
    const viaProxy = fetchThroughProxy(`${proxyOrigin}/any/path/under/it`, fetch);
    const response = await viaProxy(`${upstreamOrigin}/echo`, {
      method: 'POST',
      headers: {
        authorization: 'Bearer for-the-upstream',
        'content-type': 'application/x-www-form-urlencoded',
        cookie: 'session=app',
      },
      body: 'grant_type=refresh_token&refresh_token=r',
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('set-cookie')).toBeNull();
    const echoed = (await response.json()) as {
      method: string;
      headers: Record<string, string>;
      body: string;
    };
    expect(echoed.method).toBe('POST');
    expect(echoed.body).toBe('grant_type=refresh_token&refresh_token=r');
    expect(echoed.headers.authorization).toBe('Bearer for-the-upstream');
    expect(echoed.headers.cookie).toBeUndefined();
    expect(Object.keys(echoed.headers).filter((name) => name.startsWith('mcp-use-'))).toEqual([]);
  });

  it('relays an event stream as it comes, and ends the upstream request when the client goes away', async () => {
    const proxyOrigin = await listen(createServer(toNodeHandler(handlerFor())));
    const abort = new AbortController();
    const response = await fetchThroughProxy(proxyOrigin, fetch)(`${upstreamOrigin}/events`, {
      headers: { accept: 'text/event-stream' },
      signal: abort.signal,
    });
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toBe('data: first\n\n');
    abort.abort();
    await expect(streamClosed).resolves.toBeUndefined();
  });

  it('mounts in Express, refuses what it must, and says so when a body parser ran first', async () => {
    const app = express();
    app.use('/api/mcp-proxy', toNodeHandler(handlerFor()));
    app.use('/api/parsed', express.json(), toNodeHandler(handlerFor()));
    const origin = await listen(createServer(app));

    const redirected = await fetchThroughProxy(
      `${origin}/api/mcp-proxy`,
      fetch,
    )(`${upstreamOrigin}/elsewhere`);
    expect(redirected.status).toBe(502);
    expect(redirected.headers.get(PROXY_REFUSED_HEADER)).toBe('redirect');

    const outside = await fetchThroughProxy(`${origin}/api/mcp-proxy`, fetch)('https://example.com/token');
    expect(outside.headers.get(PROXY_REFUSED_HEADER)).toBe('host_not_allowed');

    const parsed = await fetchThroughProxy(`${origin}/api/parsed`, fetch)(`${upstreamOrigin}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(parsed.status).toBe(500);
    expect(parsed.headers.get(PROXY_REFUSED_HEADER)).toBe('misconfigured');
  });
});
