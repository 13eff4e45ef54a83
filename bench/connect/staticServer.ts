import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/** Paths the app would route: `/` is the app, `/callback` (useMcp's default callbackUrl) the callback page. */
const ROUTES: Record<string, string> = { '/': 'index.html', '/callback': 'callback.html' };

export interface StaticServer {
  origin: string;
  close(): Promise<void>;
}

/** Serves the built bench page on 127.0.0.1 (the app's origin, distinct from every MCP and OAuth server). */
export async function serveStatic(dir: string): Promise<StaticServer> {
  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const file = ROUTES[path] ?? normalize(path).replace(/^([/\\])+/, '');
    if (file.startsWith('..')) return void res.writeHead(403).end();
    try {
      const body = await readFile(join(dir, file));
      res.writeHead(200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-store',
      });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
