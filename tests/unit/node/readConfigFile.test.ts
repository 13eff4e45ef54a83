import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readConfigFile } from '../../../src/node/config/readConfigFile';
import { ConfigFileError, ConfigNotFoundError } from '../../../src/node/errors';
import { failureOf } from '../../support/failures';

const dir = mkdtempSync(join(tmpdir(), 'mcp-use-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('readConfigFile', () => {
  it('parses a JSON file', () => {
    expect(readConfigFile(write('ok.json', '{"mcpServers":{}}'))).toEqual({ mcpServers: {} });
  });

  it('takes a relative path from the given working directory', () => {
    write('relative.json', '{"mcpServers":{"a":{"url":"http://127.0.0.1/mcp"}}}');
    expect(readConfigFile('./relative.json', dir)).toEqual({
      mcpServers: { a: { url: 'http://127.0.0.1/mcp' } },
    });
  });

  it('accepts a UTF-8 byte order mark', () => {
    expect(readConfigFile(write('bom.json', '\uFEFF{"mcpServers":{}}'))).toEqual({ mcpServers: {} });
  });

  it('reports a missing file as ConfigNotFoundError with the absolute path', () => {
    const error = failureOf(() => readConfigFile('./does-not-exist.json', dir));
    expect(error).toBeInstanceOf(ConfigNotFoundError);
    expect(error).toMatchObject({ code: 'config_not_found', path: join(dir, 'does-not-exist.json') });
    expect(error.message).toBe(`MCP config file not found: ${join(dir, 'does-not-exist.json')}`);
  });

  it('reports invalid JSON with the path and position, without quoting the file', () => {
    const path = write(
      'bad.json',
      '{\n  "mcpServers": {\n    "a": { "url": "http://x", "authToken": "sk-secret", }\n  }\n}',
    );
    const error = failureOf(() => readConfigFile(path));
    expect(error).toBeInstanceOf(ConfigFileError);
    expect(error).toMatchObject({ code: 'invalid_config', path });
    expect(error.message).toBe(`MCP config file ${path} is not valid JSON (line 3, column 57)`);
    expect(error.message).not.toContain('sk-secret');
    expect(String(error.cause ?? '')).not.toContain('sk-secret');
  });

  it('does not quote the file even when the parser would', () => {
    const error = failureOf(() => readConfigFile(write('bare.json', '{"authToken": sk-secret}')));
    expect(error.message).toMatch(/is not valid JSON$/);
    expect(error.message).not.toContain('sk-secret');
  });

  it('reports a directory as an unreadable config file', () => {
    const error = failureOf(() => readConfigFile(dir));
    expect(error).toBeInstanceOf(ConfigFileError);
    expect(error.message).toBe(`Could not read MCP config file ${dir} (EISDIR)`);
  });
});
