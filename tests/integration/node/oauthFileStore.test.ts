// The Node OAuth file store: a JSON file only its owner can read, replaced atomically, shared safely by several
// store objects (several processes in real use), and never overwritten when it cannot be parsed.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigFileError, createFileStore } from '../../../src/node/index';

const dir = mkdtempSync(join(tmpdir(), 'mcp-use-file-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('createFileStore', () => {
  it('creates the file 0600 in a 0700 folder and reads back what was set', async () => {
    const path = join(dir, 'nested', 'tokens.json');
    const store = createFileStore(path);
    expect(await store.get('missing')).toBeUndefined();
    await store.set('a', { accessToken: 'secret', n: 1 });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'nested')).mode & 0o777).toBe(0o700);
    expect(await store.get('a')).toEqual({ accessToken: 'secret', n: 1 });
    await store.del('a');
    expect(await store.get('a')).toBeUndefined();
    // Atomic replacement leaves no temporary or lock file behind.
    expect(readdirSync(join(dir, 'nested'))).toEqual(['tokens.json']);
  });

  it('keeps every write when many happen at once, from two store objects on one file', async () => {
    const path = join(dir, 'shared.json');
    const first = createFileStore(path);
    const second = createFileStore(path);
    await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? first : second).set(`key-${i}`, i)));
    for (let i = 0; i < 20; i += 1) expect(await first.get(`key-${i}`)).toBe(i);
  });

  it('refuses a corrupt file without quoting it, and leaves it as it was', async () => {
    const path = join(dir, 'corrupt.json');
    const text = '{"version":1,"entries":{"a": }';
    writeFileSync(path, text);
    const store = createFileStore(path);
    const error = await store.get('a').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigFileError);
    // The position when the parser gives one, never the text (it may hold a token).
    expect((error as Error).message).toMatch(
      new RegExp(`^${path} is not valid JSON( \\(line \\d+, column \\d+\\))?$`),
    );
    await expect(store.set('b', 1)).rejects.toBeInstanceOf(ConfigFileError);
    expect(readFileSync(path, 'utf8')).toBe(text);
  });
});
