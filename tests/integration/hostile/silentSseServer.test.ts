// A hostile (or broken) HTTP+SSE server: it opens the event stream and never sends the `endpoint` event the
// old transport waits for. Connecting must end with a typed timeout within the request timeout, whether the
// SSE transport was asked for or reached through the automatic fallback.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Connection } from '../../../src/core/Connection';
import { waitForState } from '../../support/connectionStates';

let server: Server;
let base: string;
const openStreams = new Set<import('node:http').ServerResponse>();

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      res.write(': hello\n\n'); // then silence: no `endpoint` event, ever
      openStreams.add(res);
      req.on('close', () => openStreams.delete(res));
      return;
    }
    res.writeHead(405).end(); // no Streamable HTTP here: the client falls back to SSE
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const res of openStreams) res.destroy();
  await new Promise((resolve) => server.close(resolve));
});

describe('an HTTP+SSE server that never sends its endpoint', () => {
  it.each([['sse' as const], ['auto' as const]])(
    'fails with a timeout (transportType %s)',
    async (transportType) => {
      const connection = new Connection({ url: `${base}/sse`, transportType, requestTimeoutMs: 500 });
      connection.connect();
      const snapshot = await waitForState(connection, ['failed', 'ready']);
      expect(snapshot.state).toBe('failed');
      expect(snapshot.error?.code).toBe('timeout');
      expect(snapshot.error?.message).toContain('500 ms');
      await connection.disconnect();
      // Nothing is left waiting on the server either.
      const deadline = Date.now() + 2_000;
      while (openStreams.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(openStreams.size).toBe(0);
    },
  );
});
