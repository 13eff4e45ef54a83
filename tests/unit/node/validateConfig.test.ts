// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these tests are about ${VAR} references in strings
import { describe, expect, it } from 'vitest';
import { ConfigError, InvalidUrlError, type McpUseError } from '../../../src/core/errors';
import { validateConfig } from '../../../src/node/config/validateConfig';
import { InvalidServerUrlError } from '../../../src/node/errors';

function rejectionOf(config: unknown): McpUseError {
  try {
    validateConfig(config);
  } catch (error) {
    return error as McpUseError;
  }
  throw new Error('validateConfig accepted the configuration');
}

const servers = (entry: unknown, name = 'my-server') => ({ mcpServers: { [name]: entry } });

describe('validateConfig: the top level', () => {
  it.each([[null], ['a string'], [42], [[]], [undefined]])('rejects %j as not an object', (config) => {
    const error = rejectionOf(config);
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.code).toBe('invalid_config');
    expect(error.message).toMatch(/must be an object with an "mcpServers" field/);
  });

  it('rejects a configuration without mcpServers', () => {
    const error = rejectionOf({ servers: {} });
    expect(error.code).toBe('invalid_config');
    expect(error.message).toBe('The MCP configuration has no "mcpServers" field');
  });

  it('rejects an mcpServers that is not an object', () => {
    expect(rejectionOf({ mcpServers: [] }).message).toMatch(/mcpServers must be an object .* not an array/);
  });

  it('accepts an empty mcpServers', () => {
    expect(validateConfig({ mcpServers: {} }).size).toBe(0);
  });

  it('rejects an entry that is not an object, naming the server', () => {
    const error = rejectionOf(servers('http://x'));
    expect(error.message).toBe('mcpServers.my-server must be an object, not a string');
    expect(error.serverName).toBe('my-server');
  });
});

describe('validateConfig: url or command', () => {
  it('rejects an entry with neither url nor command', () => {
    const error = rejectionOf(servers({ headers: {} }));
    expect(error.message).toBe(
      'mcpServers.my-server has neither "url" (HTTP server) nor "command" (stdio server)',
    );
  });

  it('rejects an entry with both url and command', () => {
    expect(rejectionOf(servers({ url: 'http://127.0.0.1/mcp', command: 'node' })).message).toMatch(
      /^mcpServers\.my-server has both "url" and "command"/,
    );
  });

  it('rejects a url that is not a string, naming the field', () => {
    const error = rejectionOf(servers({ url: 8080 }));
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).field).toBe('mcpServers.my-server.url');
    expect(error.message).toBe('mcpServers.my-server.url must be a string, not a number');
  });

  it.each([['not a url'], ['ftp://example.com/mcp'], [''], ['/relative/mcp']])(
    'rejects the malformed url %j with an InvalidUrlError naming server and field',
    (url) => {
      const error = rejectionOf(servers({ url }));
      expect(error).toBeInstanceOf(InvalidUrlError);
      expect(error).toBeInstanceOf(InvalidServerUrlError);
      expect(error.code).toBe('invalid_url');
      expect(error.serverName).toBe('my-server');
      expect(error.message).toMatch(/^mcpServers\.my-server\.url: Invalid MCP server URL/);
    },
  );

  it('defers checking a url built from ${VAR} references to session creation', () => {
    expect(validateConfig(servers({ url: '${BASE_URL}/mcp' })).get('my-server')?.kind).toBe('http');
  });

  it('rejects a malformed ${ reference at load time', () => {
    expect(rejectionOf(servers({ url: 'http://${HOST/mcp' })).message).toMatch(
      /^mcpServers\.my-server\.url has a malformed environment reference/,
    );
  });

  it('rejects an empty command', () => {
    expect(rejectionOf(servers({ command: '  ' })).message).toBe(
      'mcpServers.my-server.command must not be empty',
    );
  });
});

describe('validateConfig: HTTP fields', () => {
  it('accepts the reference page shapes: authToken, auth_token, headers', () => {
    const config = {
      mcpServers: {
        a: { url: 'https://api.example.com/mcp', authToken: 'sk-1' },
        b: { url: 'https://api.example.com/mcp', auth_token: 'sk-2' },
        c: {
          url: 'https://api.example.com/mcp',
          headers: { Authorization: 'Bearer sk-3', 'X-API-Version': '2024-01-01' },
        },
      },
    };
    const definitions = validateConfig(config);
    expect([...definitions.keys()]).toEqual(['a', 'b', 'c']);
    expect(definitions.get('b')?.entry).toEqual({ url: 'https://api.example.com/mcp', auth_token: 'sk-2' });
  });

  it('rejects authToken and auth_token with different values, without quoting either', () => {
    const error = rejectionOf(
      servers({ url: 'http://127.0.0.1/mcp', authToken: 'sk-one', auth_token: 'sk-two' }),
    );
    expect(error.code).toBe('invalid_config');
    expect(error.message).toBe(
      'mcpServers.my-server sets both authToken and auth_token, to different values; keep one of them',
    );
    expect(error.message).not.toMatch(/sk-one|sk-two/);
  });

  it('accepts authToken and auth_token with the same value', () => {
    const entry = validateConfig(
      servers({ url: 'http://127.0.0.1/mcp', authToken: 'sk', auth_token: 'sk' }),
    ).get('my-server')?.entry;
    expect(entry).toEqual({ url: 'http://127.0.0.1/mcp', authToken: 'sk' });
  });

  it('rejects a non-string authToken', () => {
    expect(rejectionOf(servers({ url: 'http://127.0.0.1/mcp', authToken: 123 })).message).toBe(
      'mcpServers.my-server.authToken must be a string, not a number',
    );
  });

  it('rejects headers that are not an object', () => {
    expect(rejectionOf(servers({ url: 'http://127.0.0.1/mcp', headers: ['Authorization: x'] })).message).toBe(
      'mcpServers.my-server.headers must be an object of string values, not an array',
    );
  });

  it('rejects a header value that is not a string, naming the header', () => {
    const error = rejectionOf(servers({ url: 'http://127.0.0.1/mcp', headers: { 'X-Version': 2024 } }));
    expect(error.message).toBe('mcpServers.my-server.headers.X-Version must be a string, not a number');
    expect((error as ConfigError).field).toBe('mcpServers.my-server.headers.X-Version');
  });

  it('rejects an invalid header name', () => {
    expect(
      rejectionOf(servers({ url: 'http://127.0.0.1/mcp', headers: { 'Bad Header': 'x' } })).message,
    ).toMatch(/^mcpServers\.my-server\.headers has an invalid name "Bad Header"/);
  });

  it('rejects a header value with a line break, without quoting it', () => {
    const error = rejectionOf(
      servers({ url: 'http://127.0.0.1/mcp', headers: { Authorization: 'Bearer sk\r\nX: y' } }),
    );
    expect(error.message).toMatch(/^mcpServers\.my-server\.headers\.Authorization contains a line break/);
    expect(error.message).not.toContain('Bearer sk');
  });

  it('rejects an unknown transportType', () => {
    expect(rejectionOf(servers({ url: 'http://127.0.0.1/mcp', transportType: 'websocket' })).message).toBe(
      'mcpServers.my-server.transportType must be one of "auto", "http", "sse"',
    );
  });

  it.each([[0], [-1], ['1000'], [Number.POSITIVE_INFINITY]])(
    'rejects requestTimeoutMs %j',
    (requestTimeoutMs) => {
      expect(rejectionOf(servers({ url: 'http://127.0.0.1/mcp', requestTimeoutMs })).message).toBe(
        'mcpServers.my-server.requestTimeoutMs must be a positive number of milliseconds',
      );
    },
  );

  it('reports unknown fields as notes instead of failing', () => {
    const notes: string[] = [];
    validateConfig(servers({ url: 'http://127.0.0.1/mcp', authtoken: 'typo' }), (message) =>
      notes.push(message),
    );
    expect(notes).toEqual([
      'mcpServers.my-server.authtoken is not a known field for this kind of server; ignoring it',
    ]);
  });
});

describe('validateConfig: stdio fields', () => {
  it('accepts command, args, env and cwd', () => {
    const entry = {
      command: 'node',
      args: ['server.js', '--port', '${PORT}'],
      env: { DEBUG: '1' },
      cwd: '/tmp',
    };
    expect(validateConfig(servers(entry)).get('my-server')).toEqual({
      name: 'my-server',
      kind: 'stdio',
      entry,
    });
  });

  it('rejects args that are not an array', () => {
    expect(rejectionOf(servers({ command: 'node', args: 'server.js' })).message).toBe(
      'mcpServers.my-server.args must be an array of strings, not a string',
    );
  });

  it('rejects a non-string arg, naming its index', () => {
    const error = rejectionOf(servers({ command: 'node', args: ['server.js', 8080] }));
    expect(error.message).toBe('mcpServers.my-server.args[1] must be a string, not a number');
    expect((error as ConfigError).field).toBe('mcpServers.my-server.args[1]');
  });

  it('rejects env values that are not strings', () => {
    expect(rejectionOf(servers({ command: 'node', env: { DEBUG: true } })).message).toBe(
      'mcpServers.my-server.env.DEBUG must be a string, not a boolean',
    );
  });

  it('rejects an env variable name containing =', () => {
    expect(rejectionOf(servers({ command: 'node', env: { 'A=B': 'x' } })).message).toMatch(
      /^mcpServers\.my-server\.env has an invalid name "A=B"/,
    );
  });
});
