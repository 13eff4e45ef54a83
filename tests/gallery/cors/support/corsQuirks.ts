// The CORS kinds of the quirk gallery: a real authorization server (oidc-provider) and a real OAuth-protected MCP
// server per kind, each modelled on hosted servers a browser cannot call directly. The kinds:
//
// - `token-endpoint`: the token endpoint sends no CORS headers (Sentry's, GitHub's); everything else does.
// - `authorization-server`: no endpoint of the authorization server does (WorkOS AuthKit, Keycloak).
// - `mcp-server`: the MCP server sends none, its metadata included (Stripe's, early on).
//
// For the browser, each kind also gets the app's proxy (`createProxyHandler`), mounted on the app pages' origin by
// `proxyMounts()` — a plugin of their dev server (tests/support/fixtureServer.ts) — under /__cors-gallery/<id>,
// and allowed exactly the two servers' hosts.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Plugin } from 'vite';
import type { BrowserCommand } from 'vitest/node';
import { createProxyHandler, type ProxyLogEntry, toNodeHandler } from '../../../../src/proxy';
import {
  type RunningAuthServer,
  type RunningOAuthMcpServer,
  type StartAuthServerOptions,
  startAuthServer,
  startOAuthMcpServer,
} from '../../../support/oauthServers.ts';

export type CorsKind = 'token-endpoint' | 'authorization-server' | 'mcp-server';

export interface CorsQuirk {
  authServer: RunningAuthServer;
  mcpServer: RunningOAuthMcpServer;
  stop(): Promise<void>;
}

const AS_CORS: Record<CorsKind, StartAuthServerOptions['cors']> = {
  'token-endpoint': 'except-token',
  'authorization-server': 'none',
  'mcp-server': 'all',
};

/** The two servers of one kind. Node and the CLI use them as they are, with no setting. */
export async function startCorsQuirk(kind: CorsKind): Promise<CorsQuirk> {
  const authServer = await startAuthServer({ cors: AS_CORS[kind] });
  const mcpServer = await startOAuthMcpServer({ issuer: authServer.issuer, noCors: kind === 'mcp-server' });
  return {
    authServer,
    mcpServer,
    stop: async () => {
      await Promise.all([mcpServer.stop(), authServer.stop()]);
    },
  };
}

const MOUNT = '/__cors-gallery/';
type NodeListener = (req: IncomingMessage, res: ServerResponse) => void;
/** The proxies mounted on the test page's origin, by id. */
const mounted = new Map<string, NodeListener>();

/** Serves the mounted proxies from the app pages' dev server: the app's own origin, as in an app. */
export function proxyMounts(): Plugin {
  return {
    name: 'mcp-use-cors-gallery-proxies',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const url = req.url ?? '';
        if (!url.startsWith(MOUNT)) return next();
        const listener = mounted.get(url.slice(MOUNT.length).split(/[/?]/)[0] ?? '');
        if (!listener) {
          res.statusCode = 404;
          res.end();
          return;
        }
        listener(req, res);
      });
    },
  };
}

interface Running {
  quirk: CorsQuirk;
  owner: string;
  log: ProxyLogEntry[];
}
const running = new Map<string, Running>();
let count = 0;

export interface CorsQuirkHandle {
  id: string;
  mcpUrl: string;
  issuer: string;
  authServerId: string;
  /** The proxy on the page's origin, for `oauthProxyUrl`. */
  proxyPath: string;
}

const startCorsQuirkServers: BrowserCommand<[CorsKind]> = async (ctx, kind): Promise<CorsQuirkHandle> => {
  const quirk = await startCorsQuirk(kind);
  const id = `${kind}-${++count}`;
  const log: ProxyLogEntry[] = [];
  const handler = createProxyHandler({
    allowedHosts: [new URL(quirk.authServer.issuer).host, new URL(quirk.mcpServer.url).host],
    // Both servers listen on 127.0.0.1 over plain http: the development settings, said out loud.
    allowPrivateNetwork: true,
    allowHttp: true,
    onLog: (entry) => log.push(entry),
  });
  mounted.set(id, toNodeHandler(handler));
  running.set(id, { quirk, owner: ctx.sessionId, log });
  return {
    id,
    mcpUrl: quirk.mcpServer.url,
    issuer: quirk.authServer.issuer,
    authServerId: String(quirk.authServer.port),
    proxyPath: `${MOUNT}${id}`,
  };
};

/** What the proxy of a kind logged: which requests went through it. */
const corsQuirkProxyLog: BrowserCommand<[string]> = async (_ctx, id) => running.get(id)?.log ?? [];

const corsQuirkAuthStats: BrowserCommand<[string]> = async (_ctx, id) =>
  running.get(id)?.quirk.authServer.stats();

const stopCorsQuirks: BrowserCommand<[]> = async (ctx) => {
  const mine = [...running.entries()].filter(([, entry]) => entry.owner === ctx.sessionId);
  for (const [id] of mine) {
    running.delete(id);
    mounted.delete(id);
  }
  await Promise.all(mine.map(([, entry]) => entry.quirk.stop()));
};

export const corsGalleryCommands = {
  startCorsQuirkServers,
  corsQuirkProxyLog,
  corsQuirkAuthStats,
  stopCorsQuirks,
};
