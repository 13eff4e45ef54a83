// A throwaway HTTP server on 127.0.0.1 for the reproductions: answers each path with a fixed JSON body.
import { createServer, type IncomingMessage } from 'node:http';

export interface Recorded {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
}

export async function jsonServer(
  routes: (origin: string) => Record<string, { status?: number; body: unknown }>,
): Promise<{ origin: string; requests: Recorded[]; close: () => void }> {
  const requests: Recorded[] = [];
  let origin = '';
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', origin).pathname;
    requests.push({ method: req.method ?? '', path, headers: req.headers });
    req.resume();
    const route = routes(origin)[path];
    if (!route) return void res.writeHead(404).end();
    res
      .writeHead(route.status ?? 200, { 'content-type': 'application/json' })
      .end(JSON.stringify(route.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return { origin, requests, close: () => server.close() };
}

export function verdict(ok: boolean, message: string): never {
  console.log(message);
  process.exit(ok ? 0 : 1);
}
