// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these tests are about ${VAR} references in strings
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/core/errors';
import {
  hasEnvReferences,
  parseEnvTemplate,
  resolveEnvReferences,
  resolveEnvTemplate,
} from '../../../src/node/config/envReferences';
import { MissingEnvVarError } from '../../../src/node/errors';

const env = { API_KEY: 'sk-secret-value', HOST: '127.0.0.1', EMPTY: '' };

describe('resolveEnvTemplate', () => {
  it('replaces a whole-string reference with the variable', () => {
    expect(resolveEnvTemplate('${API_KEY}', 'f', env)).toBe('sk-secret-value');
  });

  it('replaces references embedded in text, several per string', () => {
    expect(resolveEnvTemplate('http://${HOST}:8080/${HOST}', 'f', env)).toBe(
      'http://127.0.0.1:8080/127.0.0.1',
    );
  });

  it('leaves strings without references unchanged, a lone $ included', () => {
    expect(resolveEnvTemplate('price: $5 {x}', 'f', env)).toBe('price: $5 {x}');
  });

  it('treats $${ as a literal ${ and does not resolve what follows', () => {
    expect(resolveEnvTemplate('$${API_KEY}', 'f', env)).toBe('${API_KEY}');
    expect(resolveEnvTemplate('a $${NOT_SET} b ${HOST}', 'f', env)).toBe('a ${NOT_SET} b 127.0.0.1');
  });

  it('does not resolve references inside a resolved value a second time', () => {
    expect(resolveEnvTemplate('${NESTED}', 'f', { NESTED: '${API_KEY}' })).toBe('${API_KEY}');
  });

  it('accepts a variable set to the empty string', () => {
    expect(resolveEnvTemplate('x${EMPTY}y', 'f', env)).toBe('xy');
  });

  it('throws MissingEnvVarError naming the variable and the field, without any value', () => {
    const error = (() => {
      try {
        resolveEnvTemplate(
          'Bearer ${API_KEY} ${MISSING_ONE}',
          'mcpServers.my-server.authToken',
          env,
          'my-server',
        );
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(MissingEnvVarError);
    const typed = error as MissingEnvVarError;
    expect(typed.code).toBe('missing_env_var');
    expect(typed.variable).toBe('MISSING_ONE');
    expect(typed.field).toBe('mcpServers.my-server.authToken');
    expect(typed.serverName).toBe('my-server');
    expect(typed.message).toBe('mcpServers.my-server.authToken references ${MISSING_ONE}, which is not set');
    expect(typed.message).not.toContain('sk-secret-value');
  });

  it.each([['${'], ['${API_KEY'], ['${}'], ['${1ABC}'], ['${A-B}'], ['${A.B}'], ['x ${ SPACE }']])(
    'rejects the malformed reference %j with a ConfigError naming the field',
    (value) => {
      expect(() => resolveEnvTemplate(value, 'mcpServers.s.url', env, 's')).toThrow(ConfigError);
      expect(() => resolveEnvTemplate(value, 'mcpServers.s.url', env, 's')).toThrow(
        /mcpServers\.s\.url has a malformed/,
      );
    },
  );
});

describe('parseEnvTemplate / hasEnvReferences', () => {
  it('splits text and references in order', () => {
    expect(parseEnvTemplate('a${B}c$${D}', 'f')).toEqual([
      { text: 'a' },
      { variable: 'B' },
      { text: 'c${D}' },
    ]);
  });

  it('reports references but not escapes', () => {
    expect(hasEnvReferences('${X}', 'f')).toBe(true);
    expect(hasEnvReferences('$${X}', 'f')).toBe(false);
    expect(hasEnvReferences('plain', 'f')).toBe(false);
  });
});

describe('resolveEnvReferences', () => {
  it('resolves strings nested in objects and arrays and keeps other values', () => {
    const value = {
      headers: { 'X-Key': '${API_KEY}' },
      args: ['--host', '${HOST}'],
      n: 3,
      flag: true,
      none: null,
    };
    expect(resolveEnvReferences(value, 'mcpServers.s', env)).toEqual({
      headers: { 'X-Key': 'sk-secret-value' },
      args: ['--host', '127.0.0.1'],
      n: 3,
      flag: true,
      none: null,
    });
  });

  it('names the nested field of a missing variable with dots and indexes', () => {
    expect(() => resolveEnvReferences({ args: ['ok', '${NOPE}'] }, 'mcpServers.s', env)).toThrow(
      'mcpServers.s.args[1] references ${NOPE}, which is not set',
    );
    expect(() => resolveEnvReferences({ headers: { 'X-Api-Key': '${NOPE}' } }, 'mcpServers.s', env)).toThrow(
      'mcpServers.s.headers.X-Api-Key references ${NOPE}, which is not set',
    );
  });
});
