// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these tests are about ${VAR} references in strings
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, InvalidUrlError } from '../../../src/core/errors';
import {
  type ClientLogEntry,
  ConfigNotFoundError,
  MCPClient,
  MissingEnvVarError,
  UnknownServerError,
} from '../../../src/node/index';
import { rejectionOf } from '../../support/failures';

const dir = mkdtempSync(join(tmpdir(), 'mcp-use-client-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const config = {
  mcpServers: {
    alpha: { url: 'http://127.0.0.1:9/mcp', authToken: '${UNIT_TEST_UNSET_TOKEN}' },
    beta: { command: 'node', args: ['${UNIT_TEST_UNSET_ARG}'] },
  },
};

describe('MCPClient configuration', () => {
  it('lists the configured server names in order', () => {
    expect(MCPClient.fromDict(config, { env: {} }).getServerNames()).toEqual(['alpha', 'beta']);
  });

  it('starts without servers when given no configuration', () => {
    expect(new MCPClient().getServerNames()).toEqual([]);
  });

  it('loads a file given to the constructor or to fromConfigFile', () => {
    const path = join(dir, 'mcp-config.json');
    writeFileSync(path, JSON.stringify(config));
    expect(new MCPClient(path).getServerNames()).toEqual(['alpha', 'beta']);
    expect(MCPClient.fromConfigFile(path).getServerNames()).toEqual(['alpha', 'beta']);
  });

  it('throws ConfigNotFoundError for a missing file', () => {
    expect(() => new MCPClient(join(dir, 'missing.json'))).toThrow(ConfigNotFoundError);
  });

  it('throws a typed error from fromDict for an invalid configuration', () => {
    expect(() => MCPClient.fromDict({ servers: {} })).toThrow(ConfigError);
    expect(() => MCPClient.fromDict({ mcpServers: { s: { url: 'nope' } } })).toThrow(InvalidUrlError);
  });

  it('logs ignored fields at debug level with the server name', () => {
    const entries: ClientLogEntry[] = [];
    MCPClient.fromDict(
      { mcpServers: { s: { url: 'http://127.0.0.1/mcp', type: 'http' } } },
      { onLog: (e) => entries.push(e) },
    );
    expect(entries).toMatchObject([
      { level: 'debug', serverName: 's', message: expect.stringContaining('mcpServers.s.type') },
    ]);
  });
});

describe('MCPClient unknown server names', () => {
  const client = MCPClient.fromDict(config, { env: {} });

  it('rejects createSession with unknown_server listing the known names', async () => {
    const error = await rejectionOf(client.createSession('gamma'));
    expect(error).toBeInstanceOf(UnknownServerError);
    expect(error).toMatchObject({
      code: 'unknown_server',
      serverName: 'gamma',
      knownServers: ['alpha', 'beta'],
    });
    expect(error.message).toBe('No MCP server named "gamma" in the configuration (known: "alpha", "beta")');
  });

  it('throws unknown_server from getSession and closeSession too', async () => {
    expect(() => client.getSession('gamma')).toThrow(UnknownServerError);
    await expect(client.closeSession('gamma')).rejects.toBeInstanceOf(UnknownServerError);
  });

  it('returns undefined from getSession for a known server without a session', () => {
    expect(client.getSession('alpha')).toBeUndefined();
  });
});

describe('MCPClient ${VAR} references', () => {
  it('rejects createSession with MissingEnvVarError and keeps no session', async () => {
    const client = MCPClient.fromDict(config, { env: {} });
    const error = await rejectionOf(client.createSession('alpha'));
    expect(error).toBeInstanceOf(MissingEnvVarError);
    expect(error.message).toBe(
      'mcpServers.alpha.authToken references ${UNIT_TEST_UNSET_TOKEN}, which is not set',
    );
    expect(client.getAllActiveSessions()).toEqual({});
  });

  it('reports each server failure from createAllSessions without rejecting', async () => {
    const client = MCPClient.fromDict(config, { env: {} });
    const { sessions, errors } = await client.createAllSessions();
    expect(sessions).toEqual({});
    expect(Object.keys(errors)).toEqual(['alpha', 'beta']);
    expect(errors.alpha).toMatchObject({ code: 'missing_env_var', variable: 'UNIT_TEST_UNSET_TOKEN' });
    expect(errors.beta).toMatchObject({ code: 'missing_env_var', field: 'mcpServers.beta.args[0]' });
  });
});
