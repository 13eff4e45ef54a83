// A failed connection says what happened, with the URL: not "fetch failed".
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { NodeConnection as Connection } from '../../../src/node/NodeConnection';
import { describeNetworkFailure } from '../../../src/node/networkFailure';
import type { ConnectionSnapshot } from '../../../src/core/types';
import { waitForState } from '../../support/connectionStates';

const servers: Server[] = [];
afterAll(() => Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve)))));

async function listen(handler: RequestListener): Promise<number> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** A port that was just free: nothing listens on it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function failure(url: string): Promise<ConnectionSnapshot> {
  const connection = new Connection({ url, requestTimeoutMs: 5_000, transportType: 'http' });
  connection.connect();
  return waitForState(connection, ['failed']);
}

describe('connection failures name their cause and the URL', () => {
  it('connection refused', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/mcp`;
    const { error } = await failure(url);
    expect(error?.code).toBe('connection_failed');
    expect(error?.message).toBe(
      `Could not connect to ${url}: connection refused (nothing is listening there) (ECONNREFUSED)`,
    );
  });

  it('a TLS error (https to a server that speaks plain HTTP)', async () => {
    const port = await listen((_req, res) => res.end('plain'));
    const url = `https://127.0.0.1:${port}/mcp`;
    const { error } = await failure(url);
    expect(error?.code).toBe('connection_failed');
    expect(error?.message).toMatch(
      new RegExp(`^Could not connect to ${url.replaceAll('.', '\\.')}: TLS error`),
    );
    expect(error?.message).not.toContain('fetch failed');
  });

  it('an HTTP status', async () => {
    const port = await listen((_req, res) => res.writeHead(502).end());
    const url = `http://127.0.0.1:${port}/mcp`;
    const { error } = await failure(url);
    expect(error?.code).toBe('http_error');
    expect(error?.status).toBe(502);
    expect(error?.message).toContain(url);
  });

  it('DNS and timeouts, as Node reports them deep in the cause chain', () => {
    // Forged causes: resolving a name would leave loopback, and a connect timeout needs an unroutable address.
    const wrapped = (code: string, message = code) =>
      Object.assign(new Error('Version negotiation probe failed: fetch failed'), {
        cause: Object.assign(new TypeError('fetch failed'), {
          cause: Object.assign(new Error(message), { code }),
        }),
      });
    expect(describeNetworkFailure(wrapped('ENOTFOUND', 'getaddrinfo ENOTFOUND mcp.example'))).toBe(
      'DNS name not found (ENOTFOUND)',
    );
    expect(describeNetworkFailure(wrapped('UND_ERR_CONNECT_TIMEOUT'))).toBe(
      'timed out while connecting (UND_ERR_CONNECT_TIMEOUT)',
    );
    expect(describeNetworkFailure(wrapped('CERT_HAS_EXPIRED', 'certificate has expired'))).toBe(
      'TLS error: certificate has expired (CERT_HAS_EXPIRED)',
    );
    expect(describeNetworkFailure(new TypeError('Failed to fetch'))).toBeUndefined();
  });
});
