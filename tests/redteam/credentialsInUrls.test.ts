// Credentials inside a server URL (`?api_key=…`, `user:pass@`) are needed to connect, and saved so, but shown to
// nobody: `sessions list` (table and --json), --debug logs and error messages show them masked — in the CLI, and
// in the messages and log entries of the Node client and the connection core under React.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Connection } from '../../src/core/Connection';
import type { LogEntry } from '../../src/core/types';
import { MCPClient } from '../../src/node/MCPClient';
import { runCli } from '../cli/support/cli';
import { freePort } from '../fixtures/loopbackSignIn';
import { type SilentServer, startSilentServer } from '../fixtures/silentHttpServer';
import { waitForState } from '../support/connectionStates';
import { type RunningServer, startServer, stopAllServers } from '../support/servers';
import { readSessions, writeSessions } from './support/sessionsFile';
import { expectNotShown, freshHomes } from './support/homes';

let open: RunningServer;
let bearer: RunningServer;
let silent: SilentServer;
const home = freshHomes();

beforeAll(async () => {
  [open, bearer, silent] = await Promise.all([
    startServer({ kind: 'v2' }),
    startServer({ kind: 'v2', bearer: 'the-right-token' }),
    startSilentServer(),
  ]);
});

afterAll(async () => {
  await Promise.all([stopAllServers(), silent.close()]);
});

/** `http://127.0.0.1:<port>/mcp` → `http://alice:<password>@127.0.0.1:<port>/mcp`. */
const withUserinfo = (url: string, password: string) => url.replace('http://', `http://alice:${password}@`);

describe('sessions list', () => {
  it('masks credential query parameters and userinfo, in the table and in --json, and keeps them saved', async () => {
    const dir = home();
    const url = `${open.url}?api_key=SECRET-QUERY-1&v=2`;
    const connect = await runCli(['client', 'connect', url, '--name', 'query', '--debug'], dir);
    expect(connect.code, connect.stderr).toBe(0);
    expectNotShown(connect, 'SECRET-QUERY-1');
    expect(readSessions(dir).sessions.query?.url).toBe(url); // needed to reconnect

    const table = await runCli(['client', 'sessions', 'list'], dir);
    expect(table.stdout).toContain(`${open.url}?api_key=***&v=2`);
    const json = await runCli(['client', 'sessions', 'list', '--json'], dir);
    expect(JSON.parse(json.stdout)).toEqual([
      { name: 'query', active: true, transport: 'http', target: `${open.url}?api_key=***&v=2`, auth: 'none' },
    ]);
    expectNotShown(table, 'SECRET-QUERY-1');
    expectNotShown(json, 'SECRET-QUERY-1');
  });

  it('masks userinfo and the secrets of a stdio command line', async () => {
    const dir = home();
    writeSessions(dir, {
      basic: { transport: 'http', url: withUserinfo(open.url, 'SECRET-PASS-2') },
      local: {
        transport: 'stdio',
        command: 'node',
        args: [
          'server.js',
          '--api-key',
          'SECRET-ARG-3',
          '--token=SECRET-ARG-4',
          'https://h/x?sig=SECRET-ARG-5',
        ],
        cwd: '/',
      },
    });
    for (const args of [
      ['sessions', 'list'],
      ['sessions', 'list', '--json'],
    ]) {
      const result = await runCli(['client', ...args], dir);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain(`http://***@127.0.0.1:${open.port}/mcp`);
      expect(result.stdout).toContain('server.js --api-key *** --token=*** https://h/x?sig=***');
      expectNotShown(result, 'SECRET-PASS-2', 'SECRET-ARG-3', 'SECRET-ARG-4', 'SECRET-ARG-5');
    }
  });
});

describe('error messages and --debug logs', () => {
  it('a refused request names the server without its token', async () => {
    const url = `${bearer.url}?access_token=SECRET-QUERY-6`;
    for (const extra of [[], ['--debug']]) {
      const result = await runCli(['client', 'connect', url, ...extra], home());
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('access_token=***');
      expectNotShown(result, 'SECRET-QUERY-6');
    }
  });

  it('a URL with userinfo is reported masked, wherever the message comes from', async () => {
    // fetch refuses such a URL and quotes it in its own message, which the error carries.
    const result = await runCli(
      ['client', 'connect', withUserinfo(open.url, 'SECRET-PASS-7'), '--debug'],
      home(),
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`http://***@127.0.0.1:${open.port}/mcp`);
    expectNotShown(result, 'SECRET-PASS-7');
  });

  it('a handshake timeout, and a saved session that fails, are reported masked', async () => {
    const timeout = await runCli(
      ['client', 'connect', `${silent.origin}/mcp?key=SECRET-QUERY-8`, '--timeout', '500ms', '--debug'],
      home(),
    );
    expect(timeout.code).toBe(1);
    expect(timeout.stderr).toContain('/mcp?key=***');
    expectNotShown(timeout, 'SECRET-QUERY-8');

    const dir = home();
    const port = await freePort();
    writeSessions(dir, {
      gone: { transport: 'http', url: `http://127.0.0.1:${port}/mcp?token=SECRET-QUERY-9` },
    });
    const list = await runCli(['client', 'tools', 'list', '--debug'], dir);
    expect(list.code).toBe(1);
    expect(list.stderr).toContain('?token=***');
    expectNotShown(list, 'SECRET-QUERY-9');
  });

  it('an invalid URL is quoted masked in the usage error', async () => {
    const result = await runCli(
      ['client', 'connect', 'ftp://bob:SECRET-PASS-10@files.example/?apikey=x'],
      home(),
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('"ftp://***@files.example/?apikey=***"');
    expectNotShown(result, 'SECRET-PASS-10');
  });
});

describe('the library', () => {
  it('a Connection (what useMcp runs) masks the URL in its error and its log, and keeps it in serverUrl', async () => {
    const url = `http://127.0.0.1:${await freePort()}/mcp?apikey=SECRET-LIB-11`;
    const log: LogEntry[] = [];
    const connection = new Connection({ url, debug: true, onLog: (entry) => log.push(entry) });
    connection.connect();
    const snapshot = await waitForState(connection, ['failed', 'ready']);
    await connection.disconnect();
    expect(snapshot.state).toBe('failed');
    expect(snapshot.error?.message).toContain('apikey=***');
    expect(snapshot.error?.message).not.toContain('SECRET-LIB-11');
    expect(snapshot.error?.serverUrl).toBe(url); // a program may compare it with what it configured
    expect(log.length).toBeGreaterThan(0);
    for (const entry of [...log, ...snapshot.log]) expect(entry.message).not.toContain('SECRET-LIB-11');
  });

  it('MCPClient masks it in what createSession rejects with and in its log entries', async () => {
    const messages: string[] = [];
    const client = MCPClient.fromDict(
      {
        mcpServers: { s: { url: withUserinfo(`http://127.0.0.1:${await freePort()}/mcp`, 'SECRET-LIB-12') } },
      },
      { onLog: (entry) => messages.push(entry.message), autoReconnect: false },
    );
    const error = await client.createSession('s').then(
      () => new Error('connected'),
      (e: unknown) => e as Error,
    );
    await client.closeAllSessions();
    expect(error.message).toContain('http://***@127.0.0.1');
    expect([error.message, ...messages].join('\n')).not.toContain('SECRET-LIB-12');
  });
});
