// The sessions file itself: written 0600 and atomically, keeping what this version does not know, never
// overwritten when it cannot be parsed, and safe when two commands update it at once.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SessionsFileError } from '../../src/cli/errors';
import { SessionOAuthStore } from '../../src/cli/sessions/sessionOAuthStore';
import { SessionsFile } from '../../src/cli/sessions/sessionsFile';

const dir = mkdtempSync(join(tmpdir(), 'mcp-use-sessions-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const record = (id: string) => ({
  id,
  createdAt: '2026-01-01T00:00:00.000Z',
  transport: 'http',
  url: 'https://mcp.example.com/mcp',
  oauth: { callbackPort: 8080, store: {} as Record<string, unknown> },
});

describe('SessionsFile', () => {
  it('reads as empty before the first write, then writes 0600 and keeps unknown fields', async () => {
    const path = join(dir, 'a', 'cli-sessions.json');
    const file = new SessionsFile(path);
    expect(file.read()).toEqual({ version: 1, sessions: {} });
    await file.update((data) => {
      data.sessions.one = record('1');
      return true;
    });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const raw = JSON.parse(readFileSync(path, 'utf8'));
    raw.futureField = { keep: true };
    writeFileSync(path, JSON.stringify(raw));
    await file.update((data) => {
      data.active = 'one';
      return true;
    });
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({
      active: 'one',
      futureField: { keep: true },
    });
    expect(readdirSync(join(dir, 'a'))).toEqual(['cli-sessions.json']);
  });

  it('loses no update when several run at once', async () => {
    const file = new SessionsFile(join(dir, 'b', 'cli-sessions.json'));
    await Promise.all(
      Array.from({ length: 15 }, (_, i) =>
        new SessionsFile(file.path).update((data) => {
          data.sessions[`s${i}`] = record(String(i));
          return true;
        }),
      ),
    );
    expect(Object.keys(file.read().sessions)).toHaveLength(15);
  });

  it('refuses a file that is not JSON with the way out, and never writes over it', async () => {
    const path = join(dir, 'c.json');
    writeFileSync(path, '{"sessions": {"x": ');
    const file = new SessionsFile(path);
    expect(() => file.read()).toThrow(SessionsFileError);
    expect(() => file.read()).toThrow(
      /is not valid JSON.*move it aside to start over \(mv .*c\.json .*c\.json\.bak\)/,
    );
    await expect(file.update(() => true)).rejects.toBeInstanceOf(SessionsFileError);
    expect(readFileSync(path, 'utf8')).toBe('{"sessions": {"x": ');
  });

  it('refuses a file of the wrong shape, or from a newer version', () => {
    const wrong = join(dir, 'd.json');
    writeFileSync(wrong, '[]');
    expect(() => new SessionsFile(wrong).read()).toThrow(/does not hold an object with "sessions"/);
    const newer = join(dir, 'e.json');
    writeFileSync(newer, '{"version": 99, "sessions": {}}');
    expect(() => new SessionsFile(newer).read()).toThrow(/newer mcp-use/);
  });
});

describe('SessionOAuthStore', () => {
  it('writes through to the saved session, and never brings back a removed one', async () => {
    const file = new SessionsFile(join(dir, 'f', 'cli-sessions.json'));
    await file.update((data) => {
      data.sessions.linear = record('id-1');
      return true;
    });
    const store = new SessionOAuthStore(file, 'linear', 'id-1', {}, true);
    await store.set('tokens', { accessToken: 'a' });
    expect((file.read().sessions.linear as ReturnType<typeof record>).oauth.store).toEqual({
      tokens: { accessToken: 'a' },
    });
    // Another process refreshed the tokens: the next read sees them.
    await file.update((data) => {
      (data.sessions.linear as ReturnType<typeof record>).oauth.store.tokens = { accessToken: 'b' };
      return true;
    });
    expect(await store.get('tokens')).toEqual({ accessToken: 'b' });

    await file.update((data) => {
      delete data.sessions.linear;
      return true;
    });
    await store.set('tokens', { accessToken: 'c' });
    expect(file.read().sessions).toEqual({});
  });

  it('keeps records in memory until the session is saved', async () => {
    const file = new SessionsFile(join(dir, 'g', 'cli-sessions.json'));
    const store = new SessionOAuthStore(file, 'new', 'id-2', {}, false);
    await store.set('pending', { state: 's' });
    expect(await store.get('pending')).toEqual({ state: 's' });
    expect(store.snapshot()).toEqual({ pending: { state: 's' } });
    expect(() => statSync(file.path)).toThrow();
  });
});
