// The cross-process lock file (src/node/fs/fileLock.ts) on a real file system: a lock whose process is gone or
// whose lease ran out is taken over, a live one is waited for (bounded), a removal someone else claimed is never
// done twice, a holder that lost its lock cannot write, and `process.exit()` releases it.
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LockLostError, LockTimeoutError } from '../../../src/node/errors';
import { withFileLock } from '../../../src/node/fs/fileLock';
import { createFileStore, lockFileFor } from '../../../src/node/oauth/fileStore';

const dir = mkdtempSync(join(tmpdir(), 'mcp-use-file-lock-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let count = 0;
const lockPath = () => {
  count += 1;
  return join(dir, `test-${count}.lock`);
};

/** A lock file as another process would have left it. */
function plant(path: string, pid: number, ageMs = 0): void {
  writeFileSync(path, JSON.stringify({ pid, host: hostname(), token: `planted${pid}` }));
  const when = (Date.now() - ageMs) / 1000;
  utimesSync(path, when, when);
}

/** The pid of a process that has exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid as number;
}

describe('withFileLock', () => {
  it('takes over a lock whose process is gone, at once', async () => {
    const path = lockPath();
    plant(path, deadPid());
    expect(await withFileLock(path, 'n', async () => 'ran', { timeoutMs: 2_000 })).toBe('ran');
    expect(existsSync(path)).toBe(false);
  });

  it('takes over a lock whose lease ran out (its process alive but not renewing: hung or paused)', async () => {
    const path = lockPath();
    plant(path, process.ppid, 60_000);
    expect(await withFileLock(path, 'n', async () => 'ran', { timeoutMs: 2_000, leaseMs: 10_000 })).toBe(
      'ran',
    );
  });

  it('waits for a live lock, and says who holds it when the wait runs out', async () => {
    const path = lockPath();
    plant(path, process.ppid);
    const error = await withFileLock(path, 'mcp-use:refresh:x', async () => 'ran', { timeoutMs: 300 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(LockTimeoutError);
    expect(error).toMatchObject({ code: 'lock_timeout', lockName: 'mcp-use:refresh:x', timeoutMs: 300 });
    expect((error as Error).message).toContain(`process ${process.ppid}`);
    expect(readFileSync(path, 'utf8')).toContain(`planted${process.ppid}`);
  });

  it('leaves a stale lock alone while another waiter has claimed its removal', async () => {
    const path = lockPath();
    const pid = deadPid();
    plant(path, pid);
    writeFileSync(`${path}.planted${pid}.gone`, '{}');
    await expect(withFileLock(path, 'n', async () => 'ran', { timeoutMs: 300 })).rejects.toBeInstanceOf(
      LockTimeoutError,
    );
    expect(existsSync(path)).toBe(true);
  });

  it('runs the holders of one process one after another, and releases on a throw', async () => {
    const path = lockPath();
    const events: string[] = [];
    const hold = (id: string, fail = false) =>
      withFileLock(
        path,
        'n',
        async () => {
          events.push(`start ${id}`);
          await new Promise((resolve) => setTimeout(resolve, 10));
          events.push(`end ${id}`);
          if (fail) throw new Error(id);
        },
        { timeoutMs: 2_000 },
      );
    await Promise.allSettled([hold('a', true), hold('b')]);
    expect(events).toEqual(['start a', 'end a', 'start b', 'end b']);
    expect(existsSync(path)).toBe(false);
  });

  it('is released by process.exit() inside the holder (the built package, as a program runs it)', () => {
    const store = join(dir, 'exiting', 'tokens.json');
    const dist = new URL('../../../dist/index.js', import.meta.url).href;
    const script = `const { createFileStore } = await import(${JSON.stringify(dist)});
      await createFileStore(${JSON.stringify(store)}).lock('mcp-use:refresh:x', async () => process.exit(0));`;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(child.status, child.stderr).toBe(0);
    expect(readdirSync(join(dir, 'exiting'))).toEqual([]);
    expect(existsSync(lockFileFor(store, 'mcp-use:refresh:x'))).toBe(false);
  });
});

describe('the file store under its lock', () => {
  it('refuses a write made with a lease that was lost, and leaves the file as it was', async () => {
    const path = join(dir, 'store', 'tokens.json');
    const store = createFileStore(path);
    await store.set('k', 'before');
    await store.lock?.('mcp-use:refresh:x', async (lease) => {
      // Another process judged this holder stale and took over while it was paused.
      const lockFile = lockFileFor(path, 'mcp-use:refresh:x');
      rmSync(lockFile);
      plant(lockFile, process.ppid);
      await expect(store.set('k', 'after', lease ? { lease } : {})).rejects.toBeInstanceOf(LockLostError);
      rmSync(lockFile);
    });
    expect(await store.get('k')).toBe('before');
    expect(readdirSync(join(dir, 'store'))).toEqual(['tokens.json']);
  });
});
