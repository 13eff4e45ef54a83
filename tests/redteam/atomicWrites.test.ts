// Token and session files are replaced durably: the new content is flushed to disk (fsync) before the rename
// that makes it current, and the folder is flushed after it — otherwise a crash or power cut right after a
// token refresh can leave an empty file, or the old one with a refresh token the server already rotated away.
// What reaches the disk cannot be watched from a test, so the file system calls are: the real ones, recorded.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';

type Call = [name: string, ...args: unknown[]];
const calls = vi.hoisted(() => [] as Call[]);

vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs')>();
  const recorded = <K extends 'openSync' | 'fsyncSync' | 'renameSync' | 'closeSync'>(name: K) =>
    ((...args: unknown[]) => {
      const result = (actual[name] as (...a: unknown[]) => unknown)(...args);
      calls.push(name === 'openSync' ? [name, args[0], result] : [name, ...args]);
      return result;
    }) as (typeof actual)[K];
  const wrapped = {
    ...actual,
    openSync: recorded('openSync'),
    fsyncSync: recorded('fsyncSync'),
    renameSync: recorded('renameSync'),
    closeSync: recorded('closeSync'),
  };
  return { ...wrapped, default: wrapped };
});

const { writeSecureJson } = await import('../../src/node/fs/secureJsonFile');
const { createFileStore } = await import('../../src/node/oauth/fileStore');
const { SessionsFile } = await import('../../src/cli/sessions/sessionsFile');

const dir = mkdtempSync(join(tmpdir(), 'mcp-use-atomic-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeEach(() => {
  calls.length = 0;
});

/** The descriptor `openSync` returned for `path` most recently before call number `before`. */
function fdOpenedFor(path: string, before: number): unknown {
  const opened = calls.slice(0, before).filter(([name, opened]) => name === 'openSync' && opened === path);
  return opened.at(-1)?.[2];
}

/** Checks the order for one replacement of `path`: fsync(temporary) → rename(temporary, path) → fsync(folder). */
function expectDurableReplacement(path: string): void {
  const rename = calls.findIndex(([name, , to]) => name === 'renameSync' && to === path);
  expect(rename, `no rename over ${path}`).toBeGreaterThan(-1);
  const temporary = calls[rename]?.[1] as string;
  expect(temporary.startsWith(`${path}.`)).toBe(true);

  const fileFd = fdOpenedFor(temporary, rename);
  const fileSync = calls.findIndex(([name, fd]) => name === 'fsyncSync' && fd === fileFd);
  expect(fileSync, 'the temporary file is flushed').toBeGreaterThan(-1);
  expect(fileSync, 'before the rename').toBeLessThan(rename);
  const fileClose = calls.findIndex(
    (call, index) => index > fileSync && call[0] === 'closeSync' && call[1] === fileFd,
  );
  expect(fileClose).toBeLessThan(rename);

  const after = calls.slice(rename + 1);
  const folderOpen = after.findIndex(([name, opened]) => name === 'openSync' && opened === dirname(path));
  expect(folderOpen, 'the folder is opened after the rename').toBeGreaterThan(-1);
  const folderFd = after[folderOpen]?.[2];
  expect(
    after.some(([name, fd]) => name === 'fsyncSync' && fd === folderFd),
    'and flushed',
  ).toBe(true);
  expect(
    after.some(([name, fd]) => name === 'closeSync' && fd === folderFd),
    'and closed',
  ).toBe(true);
}

describe('atomic, durable replacement', () => {
  it('writeSecureJson flushes the file before the rename and the folder after it', () => {
    const path = join(dir, 'a', 'file.json');
    writeSecureJson(path, { n: 1 });
    expectDurableReplacement(path);
  });

  it('so do the token store and the sessions file', async () => {
    const tokens = join(dir, 'b', 'oauth-tokens.json');
    await createFileStore(tokens).set('k', { refreshToken: 'r' });
    expectDurableReplacement(tokens);

    calls.length = 0;
    const sessions = new SessionsFile(join(dir, 'c', 'cli-sessions.json'));
    await sessions.update((data) => {
      data.active = 'x';
      return true;
    });
    expectDurableReplacement(sessions.path);
  });
});
