// The app's backend for the gallery's confidential clients in Chromium (GitHub, Asana, HubSpot, Google): a page
// holds no secret, so the token request goes through `createProxyHandler` with the client in its `clients`, which
// adds the secret server-side the way the authorization server wants it. Each proxy listens on its own loopback
// port (port 0), another origin than the test page's, which it allows by name.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BrowserCommand } from 'vitest/node';
import { createProxyHandler, type ProxyClient, type ProxyLogEntry, toNodeHandler } from '../../../src/proxy';

export interface AppProxyOptions {
  /** The test page's origin, the one origin that may call the proxy. */
  pageOrigin: string;
  /** URLs whose hosts it forwards to: the MCP server's and the authorization server's. */
  targets: string[];
  /** The confidential client, keyed by the authorization server's issuer. */
  issuer: string;
  client: ProxyClient;
}

interface Running {
  server: Server;
  owner: string;
  log: ProxyLogEntry[];
}
const running = new Map<string, Running>();

const startAppProxy: BrowserCommand<[AppProxyOptions]> = async (ctx, options) => {
  const log: ProxyLogEntry[] = [];
  const handler = createProxyHandler({
    allowedHosts: [...new Set(options.targets.map((url) => new URL(url).host))],
    clients: { [options.issuer]: options.client },
    allowedOrigins: [options.pageOrigin],
    // Every server here listens on 127.0.0.1 over plain http: the development settings, said out loud.
    allowPrivateNetwork: true,
    allowHttp: true,
    onLog: (entry) => log.push(entry),
  });
  const server = createServer(toNodeHandler(handler));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/proxy`;
  running.set(url, { server, owner: ctx.sessionId, log });
  return url;
};

/** What a proxy logged: which requests went through it, and whether it added the client's credentials. */
const appProxyLog: BrowserCommand<[string]> = async (_ctx, url) => running.get(url)?.log ?? [];

const stopAppProxies: BrowserCommand<[]> = async (ctx) => {
  const mine = [...running.entries()].filter(([, entry]) => entry.owner === ctx.sessionId);
  for (const [url] of mine) running.delete(url);
  await Promise.all(
    mine.map(
      ([, { server }]) =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    ),
  );
};

export const appProxyCommands = { startAppProxy, appProxyLog, stopAppProxies };
