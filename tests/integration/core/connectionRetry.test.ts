import { afterAll, describe, expect, it } from 'vitest';
import { Connection } from '../../../src/core/Connection';
import { waitForState } from '../../support/connectionStates';
import { startServer, stopAllServers } from '../../support/servers';

afterAll(() => stopAllServers());

describe('retrying a first connection (autoRetry)', () => {
  it('gives up after the configured attempts with a typed error carrying the last failure', async () => {
    const server = await startServer({ kind: 'v2' });
    await server.stop(); // a port where nothing listens
    const connection = new Connection({ url: server.url, autoRetry: { maxAttempts: 2, initialDelayMs: 50 } });
    connection.connect();
    const failed = await waitForState(connection, ['failed', 'ready']);
    expect(failed.error).toMatchObject({ code: 'retries_exhausted', attempts: 3 });
    expect(failed.error?.cause).toMatchObject({ code: 'connection_failed' });
  });

  it('fails at once without autoRetry', async () => {
    const server = await startServer({ kind: 'v2' });
    await server.stop();
    const connection = new Connection({ url: server.url });
    connection.connect();
    expect((await waitForState(connection, ['failed', 'ready'])).error).toMatchObject({
      code: 'connection_failed',
    });
  });

  it('reaches ready when the server comes up while it is retrying', async () => {
    const server = await startServer({ kind: 'v2' });
    await server.stop();
    const connection = new Connection({
      url: server.url,
      autoRetry: { maxAttempts: 20, initialDelayMs: 100, maxDelayMs: 300 },
    });
    connection.connect();
    await server.restart();
    expect((await waitForState(connection, ['failed', 'ready'])).state).toBe('ready');
    await connection.disconnect();
  });
});
