// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these tests are about ${VAR} references in strings
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/core/errors';
import type { EnvSource } from '../../../src/node/config/envReferences';
import { type ResolvedServer, resolveServer } from '../../../src/node/config/resolveServer';
import { validateConfig } from '../../../src/node/config/validateConfig';
import { connectionOptionsFor } from '../../../src/node/connectionOptionsFor';
import { InvalidServerUrlError, MissingEnvVarError } from '../../../src/node/errors';
import { failureOf } from '../../support/failures';

const ENV: EnvSource = { API_KEY: 'sk-from-env', HOST: '127.0.0.1', PORT: '4000', BAD_URL: 'not a url' };

function resolve(entry: unknown, env: EnvSource = ENV, notes: string[] = []): ResolvedServer {
  const definition = validateConfig({ mcpServers: { 'my-server': entry } }).get('my-server')!;
  return resolveServer(definition, env, (message) => notes.push(message));
}

describe('Authorization precedence', () => {
  it('sends authToken as a Bearer Authorization header', () => {
    expect(resolve({ url: 'http://127.0.0.1/mcp', authToken: 'sk-abc' })).toMatchObject({
      headers: { Authorization: 'Bearer sk-abc' },
    });
  });

  it('sends auth_token the same way', () => {
    expect(resolve({ url: 'http://127.0.0.1/mcp', auth_token: 'sk-abc' })).toMatchObject({
      headers: { Authorization: 'Bearer sk-abc' },
    });
  });

  it('does not double a Bearer prefix already in the token', () => {
    expect(resolve({ url: 'http://127.0.0.1/mcp', authToken: 'bearer sk-abc' })).toMatchObject({
      headers: { Authorization: 'Bearer sk-abc' },
    });
  });

  it('lets an explicit headers.Authorization win over authToken, with a note that names no value', () => {
    const notes: string[] = [];
    const server = resolve(
      { url: 'http://127.0.0.1/mcp', authToken: 'sk-token', headers: { Authorization: 'Token from-header' } },
      ENV,
      notes,
    );
    expect(server).toMatchObject({ headers: { Authorization: 'Token from-header' } });
    expect(notes).toEqual([
      'mcpServers.my-server.headers.Authorization is set, so mcpServers.my-server.authToken is ignored',
    ]);
  });

  it('matches the Authorization header in any letter case and keeps only that one', () => {
    const server = resolve({
      url: 'http://127.0.0.1/mcp',
      auth_token: 'sk-token',
      headers: { authorization: 'Basic abc' },
    });
    expect(server.kind === 'http' && server.headers).toEqual({ authorization: 'Basic abc' });
  });

  it('does not resolve an ignored token, so its unset variable is no error', () => {
    expect(
      resolve({
        url: 'http://127.0.0.1/mcp',
        authToken: '${UNSET_TOKEN}',
        headers: { Authorization: 'Bearer x' },
      }),
    ).toMatchObject({ headers: { Authorization: 'Bearer x' } });
  });

  it('rejects a token that resolves to nothing', () => {
    const error = failureOf(() =>
      resolve({ url: 'http://127.0.0.1/mcp', authToken: '${EMPTY}' }, { EMPTY: ' ' }),
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toBe('mcpServers.my-server.authToken is empty');
  });
});

describe('${VAR} resolution at session creation', () => {
  it('resolves references in url, token and header values', () => {
    const server = resolve({
      url: 'http://${HOST}:${PORT}/mcp',
      authToken: '${API_KEY}',
      headers: { 'X-Key': 'k-${API_KEY}' },
    });
    expect(server).toMatchObject({
      url: 'http://127.0.0.1:4000/mcp',
      headers: { 'X-Key': 'k-sk-from-env', Authorization: 'Bearer sk-from-env' },
    });
  });

  it('resolves references in command, args, env and cwd of a stdio entry', () => {
    const server = resolve({
      command: '${HOST}',
      args: ['--port', '${PORT}'],
      env: { KEY: '${API_KEY}' },
      cwd: '/${PORT}',
    });
    expect(server).toEqual({
      name: 'my-server',
      kind: 'stdio',
      command: '127.0.0.1',
      args: ['--port', '4000'],
      env: { KEY: 'sk-from-env' },
      cwd: '/4000',
    });
  });

  it('names the server and field of a missing variable', () => {
    const error = failureOf(() => resolve({ url: 'http://127.0.0.1/mcp', authToken: '${API_KEY_UNSET}' }));
    expect(error).toBeInstanceOf(MissingEnvVarError);
    expect(error).toMatchObject({
      code: 'missing_env_var',
      serverName: 'my-server',
      variable: 'API_KEY_UNSET',
    });
    expect(error.message).toBe(
      'mcpServers.my-server.authToken references ${API_KEY_UNSET}, which is not set',
    );
  });

  it('names auth_token, not authToken, when that is the field written', () => {
    expect(failureOf(() => resolve({ url: 'http://127.0.0.1/mcp', auth_token: '${NOPE}' })).message).toBe(
      'mcpServers.my-server.auth_token references ${NOPE}, which is not set',
    );
  });

  it('checks a url built from references once resolved, quoting the reference and not the value', () => {
    const error = failureOf(() => resolve({ url: '${BAD_URL}' }));
    expect(error).toBeInstanceOf(InvalidServerUrlError);
    expect(error.message).toContain('"${BAD_URL}"');
    expect(error.message).not.toContain('not a url');
  });

  it('rejects a header whose resolved value has a line break, without quoting it', () => {
    const error = failureOf(() =>
      resolve(
        { url: 'http://127.0.0.1/mcp', headers: { 'X-Key': '${MULTI}' } },
        { MULTI: 'sk-1\nInjected: yes' },
      ),
    );
    expect(error.message).toMatch(/^mcpServers\.my-server\.headers\.X-Key contains a line break/);
    expect(error.message).not.toContain('sk-1');
  });

  it('reads the environment each time, so a changed variable is picked up by the next session', () => {
    const definition = validateConfig({
      mcpServers: { s: { url: 'http://127.0.0.1/mcp', authToken: '${T}' } },
    }).get('s')!;
    const first = resolveServer(definition, { T: 'one' }, () => {});
    const second = resolveServer(definition, { T: 'two' }, () => {});
    expect(first.kind === 'http' && first.headers.Authorization).toBe('Bearer one');
    expect(second.kind === 'http' && second.headers.Authorization).toBe('Bearer two');
  });
});

describe('connectionOptionsFor', () => {
  it('gives an HTTP server its url, headers and name, with entry settings over client defaults', () => {
    const server = resolve({
      url: 'http://127.0.0.1/mcp',
      authToken: 'sk',
      clientName: 'entry-name',
      requestTimeoutMs: 5,
    });
    const options = connectionOptionsFor(server, {
      env: {},
      clientName: 'client-name',
      requestTimeoutMs: 99,
      autoRetry: false,
    });
    expect(options).toMatchObject({
      serverName: 'my-server',
      url: 'http://127.0.0.1/mcp',
      headers: { Authorization: 'Bearer sk' },
      clientName: 'entry-name',
      requestTimeoutMs: 5,
      autoRetry: false,
    });
    expect(options.createTransport).toBeUndefined();
  });

  it('gives a stdio server a transport factory and no url', () => {
    const options = connectionOptionsFor(resolve({ command: 'node' }), { env: {} });
    expect(options.url).toBeUndefined();
    expect(typeof options.createTransport).toBe('function');
  });
});
