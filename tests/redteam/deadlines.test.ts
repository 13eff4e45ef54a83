// Every wait has a deadline: a server that accepts the connection and then says nothing, or a tool that never
// finishes, costs the CLI at most its --timeout — for connect and for the data commands — and a bad value is
// refused before anything is sent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lines, runCli } from '../cli/support/cli';
import { type SilentServer, startSilentServer } from '../fixtures/silentHttpServer';
import { type RunningServer, startServer, stopAllServers } from '../support/servers';
import { writeSessions } from './support/sessionsFile';
import { freshHomes } from './support/homes';

let server: RunningServer;
let silent: SilentServer;
const home = freshHomes();

beforeAll(async () => {
  [server, silent] = await Promise.all([startServer({ kind: 'v2' }), startSilentServer()]);
});

afterAll(async () => {
  await Promise.all([stopAllServers(), silent.close()]);
});

/** Well within the default 60 s, and well above the --timeout the tests give. */
const PROMPTLY_MS = 8_000;

describe('--timeout', () => {
  it('bounds connect to a server that never completes the handshake', async () => {
    const result = await runCli(['client', 'connect', `${silent.origin}/mcp`, '--timeout', '800ms'], home());
    expect(result.code, result.stderr).toBe(1);
    expect(lines(result.stderr)).toHaveLength(1);
    expect(result.stderr).toMatch(/^error: .*did not complete the MCP handshake within 800 ms.*--timeout/);
    expect(result.durationMs).toBeLessThan(PROMPTLY_MS);
  });

  it('bounds a data command on a saved server that went silent', async () => {
    const dir = home();
    writeSessions(dir, { hung: { transport: 'http', url: `${silent.origin}/mcp` } });
    const result = await runCli(['client', 'tools', 'list', '--timeout', '1s'], dir);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toMatch(/within 1000 ms/);
    expect(result.durationMs).toBeLessThan(PROMPTLY_MS);
  });

  it('bounds a tool call that does not finish', async () => {
    const dir = home();
    const connect = await runCli(['client', 'connect', server.url, '--name', 'slow'], dir);
    expect(connect.code, connect.stderr).toBe(0);
    const result = await runCli(['client', 'tools', 'call', 'slow', '{"ms":15000}', '--timeout', '1s'], dir);
    expect(result.code, result.stderr).toBe(1);
    expect(lines(result.stderr)).toHaveLength(1);
    expect(result.stderr).toMatch(/^error: Request to "slow" .* timed out.*--timeout/);
    expect(result.durationMs).toBeLessThan(PROMPTLY_MS);
    // Given time, the same call completes.
    const patient = await runCli(['client', 'tools', 'call', 'slow', '{"ms":200}', '--timeout', '10s'], dir);
    expect(patient.stdout).toBe('done\n');
  });

  it('bounds the wait for a secret on a stdin nobody writes to', async () => {
    const result = await runCli(
      ['client', 'connect', server.url, '--auth', '-', '--timeout', '600ms'],
      home(),
    );
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/^error: --auth -: nothing arrived on stdin within 600 ms/);
    expect(result.durationMs).toBeLessThan(PROMPTLY_MS);
  });

  it('refuses a value that is not a positive time, as a usage error, before connecting', async () => {
    const dir = home();
    const before = silent.requests();
    const refused = async (args: string[]) => {
      const result = await runCli(args, dir);
      expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(2);
      expect(lines(result.stderr)).toHaveLength(1);
      expect(result.stderr).toMatch(/^error: --timeout expects a time above zero/);
    };
    for (const value of ['0', '-5', 'abc', '10x', '1.5.2', '', '99999999999']) {
      await refused(['client', 'tools', 'list', '--timeout', value]);
    }
    await refused(['client', 'connect', `${silent.origin}/mcp`, '--timeout', '0']);
    await refused(['client', 'interactive', '--timeout', '2 minutes']);
    await refused(['client', 'disconnect', '--all', '--timeout', '0s']);
    expect(silent.requests()).toBe(before);
  });

  it('says what it is and what the default is in --help', async () => {
    for (const command of ['connect', 'tools list', 'resources read', 'prompts get', 'interactive']) {
      const help = await runCli(['client', ...command.split(' '), '--help'], home());
      expect(help.stdout, command).toMatch(/--timeout <ms\|duration>[\s\S]*default\s+60s/);
    }
  });
});
