// The folder of the secret files (~/.mcp-use) is the user's alone. A folder anyone may write to lets them plant
// a sessions file whose stdio session runs their command, or swap the token store: so a loose folder (0777) of
// ours is tightened to 0700 and said so once, loose files to 0600, and a folder or file that is a symbolic link,
// not what it should be, someone else's or a shared /tmp-like folder is refused with a message saying how to fix
// it. Modes are checked with stat (these tests run as root, who is never refused by a mode).
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { loadHistory, saveHistory } from '../../src/cli/interactive/history';
import { InsecureStorageError, MCPClient } from '../../src/node/index';
import { createFileStore } from '../../src/node/oauth/fileStore';
import { lines, runCli } from '../cli/support/cli';
import { folderOf, sessionsPathOf, writeSessions } from './support/sessionsFile';
import { freshHomes } from './support/homes';

/** Someone else: `nobody` on Debian. */
const OTHER_UID = 65_534;
const home = freshHomes();

const modeOf = (path: string) => statSync(path).mode & 0o7777;

/** A sessions file whose active session runs `node -e …`, which leaves `marker` behind if it ever runs. */
function plantStdioSession(dir: string, marker: string): string {
  return writeSessions(dir, {
    planted: {
      transport: 'stdio',
      command: process.execPath,
      args: ['-e', `require('node:fs').writeFileSync(${JSON.stringify(marker)}, 'ran')`],
      cwd: '/',
    },
  });
}

describe('the CLI with a folder open to others', () => {
  it('tightens a loose folder to 0700 and loose files to 0600, saying so once', async () => {
    const dir = home();
    const path = writeSessions(dir, { a: { transport: 'http', url: 'http://127.0.0.1:1/mcp' } });
    chmodSync(folderOf(dir), 0o777);
    chmodSync(path, 0o644);

    const first = await runCli(['client', 'sessions', 'list'], dir);
    expect(first.code, first.stderr).toBe(0);
    expect(modeOf(folderOf(dir))).toBe(0o700);
    expect(modeOf(path)).toBe(0o600);
    expect(lines(first.stderr)).toEqual([
      `warning: ${folderOf(dir)} was open to other users (mode 0777); mcp-use made it private (0700)`,
      `warning: ${path} was readable by other users (mode 0644); mcp-use made it private (0600)`,
    ]);
    const second = await runCli(['client', 'sessions', 'list'], dir);
    expect(second.stderr).toBe('');
  });

  it('never runs a stdio session planted by another user, and says which file and why', async () => {
    const dir = home();
    const marker = join(dir, 'planted-command-ran');
    const path = plantStdioSession(dir, marker);
    chmodSync(folderOf(dir), 0o777);
    chownSync(path, OTHER_UID, OTHER_UID);

    for (const args of [
      ['tools', 'list'],
      ['sessions', 'list'],
      ['connect', 'http://127.0.0.1:1/mcp'],
    ]) {
      const result = await runCli(['client', ...args], dir);
      expect(result.code, result.stderr).toBe(1);
      expect(lines(result.stderr).filter((line) => line.startsWith('error:'))).toEqual([
        `error: ${path} belongs to another user (uid ${OTHER_UID}) and was not written by mcp-use, so it is not used: remove it (rm ${path}), then run again`,
      ]);
    }
    expect(existsSync(marker)).toBe(false);
    expect(statSync(path).uid).toBe(OTHER_UID); // left for the user to inspect
  });

  it('refuses a folder that belongs to another user, writing nothing into it', async () => {
    const dir = home();
    mkdirSync(folderOf(dir), { mode: 0o700 });
    chownSync(folderOf(dir), OTHER_UID, OTHER_UID);
    const result = await runCli(['client', 'connect', 'http://127.0.0.1:1/mcp'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      new RegExp(`^error: ${folderOf(dir)} belongs to another user \\(uid ${OTHER_UID}\\).*chown`),
    );
    expect(existsSync(sessionsPathOf(dir))).toBe(false);
  });

  it('refuses a folder that is a symbolic link, or not a folder', async () => {
    const dir = home();
    const elsewhere = mkdtempSync(join(dir, 'elsewhere-'));
    plantStdioSession(elsewhere, join(dir, 'ran'));
    symlinkSync(join(elsewhere, '.mcp-use'), folderOf(dir));
    const link = await runCli(['client', 'tools', 'list'], dir);
    expect(link.code).toBe(1);
    expect(link.stderr).toMatch(new RegExp(`^error: ${folderOf(dir)} is a symbolic link;`));
    expect(existsSync(join(dir, 'ran'))).toBe(false);

    const other = home();
    writeFileSync(folderOf(other), 'not a folder');
    const file = await runCli(['client', 'sessions', 'list'], other);
    expect(file.code).toBe(1);
    expect(file.stderr).toContain(`error: ${folderOf(other)} is not a folder;`);
    expect(file.stderr).toContain(`mv ${folderOf(other)} ${folderOf(other)}.bak`);
  });

  it('refuses a sessions file that is a symbolic link or a FIFO, without following or waiting on it', async () => {
    const dir = home();
    mkdirSync(folderOf(dir), { mode: 0o700 });
    const target = join(dir, 'somewhere-else.json');
    writeFileSync(target, '{"sessions":{}}');
    symlinkSync(target, sessionsPathOf(dir));
    const link = await runCli(['client', 'connect', 'http://127.0.0.1:1/mcp'], dir);
    expect(link.code).toBe(1);
    expect(link.stderr).toMatch(/is a symbolic link, not a file mcp-use wrote/);
    expect(readFileSync(target, 'utf8')).toBe('{"sessions":{}}');

    const fifo = home();
    mkdirSync(folderOf(fifo), { mode: 0o700 });
    execFileSync('mkfifo', [sessionsPathOf(fifo)]);
    const result = await runCli(['client', 'sessions', 'list'], fifo);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/is not a regular file/);
  });
});

describe('the Node client and the other files', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'mcp-use-loose-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  const savedHome = process.env.HOME;
  afterEach(() => {
    process.env.HOME = savedHome;
  });

  it('createFileStore tightens its folder and file once, and tells onNotice', async () => {
    const folder = join(scratch, 'tokens');
    mkdirSync(folder);
    chmodSync(folder, 0o777);
    const path = join(folder, 'tokens.json');
    writeFileSync(path, '{"version":1,"entries":{}}', { mode: 0o644 });
    chmodSync(path, 0o644);
    const notices: string[] = [];
    const store = createFileStore(path, { onNotice: (message) => notices.push(message) });
    expect(await store.get('x')).toBeUndefined();
    await store.set('x', { accessToken: 'a' });
    expect(await store.get('x')).toEqual({ accessToken: 'a' });
    expect(modeOf(folder)).toBe(0o700);
    expect(modeOf(path)).toBe(0o600);
    expect(notices).toEqual([
      `${folder} was open to other users (mode 0777); mcp-use made it private (0700)`,
      `${path} was readable by other users (mode 0644); mcp-use made it private (0600)`,
    ]);
  });

  it('refuses a shared folder such as /tmp rather than change it', async () => {
    const shared = join(scratch, 'shared');
    mkdirSync(shared);
    chmodSync(shared, 0o1777);
    const store = createFileStore(join(shared, 'tokens.json'));
    const error = await store.set('x', 1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InsecureStorageError);
    expect(error).toMatchObject({ code: 'insecure_storage', problem: 'shared_folder', path: shared });
    expect((error as Error).message).toBe(
      `${shared} is shared with other users (mode 1777), who can plant files in it: keep mcp-use files in a folder of their own`,
    );
    expect(modeOf(shared)).toBe(0o1777);
    expect(existsSync(join(shared, 'tokens.json'))).toBe(false);
  });

  it('MCPClient tightens ~/.mcp-use before using its token store, with a log entry', async () => {
    const fakeHome = mkdtempSync(join(scratch, 'home-'));
    mkdirSync(join(fakeHome, '.mcp-use'), { mode: 0o777 });
    chmodSync(join(fakeHome, '.mcp-use'), 0o777);
    process.env.HOME = fakeHome;
    const entries: { level: string; message: string }[] = [];
    const client = MCPClient.fromDict(
      { mcpServers: { s: { url: 'http://127.0.0.1:1/mcp', client_id: 'pre-registered' } } },
      { onLog: (entry) => entries.push(entry) },
    );
    await client.signOut('s'); // reads the store: nothing to revoke
    expect(modeOf(join(fakeHome, '.mcp-use'))).toBe(0o700);
    expect(entries).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        message: `${join(fakeHome, '.mcp-use')} was open to other users (mode 0777); mcp-use made it private (0700)`,
      }),
    );
  });

  it('the interactive history is kept private the same way', () => {
    const folder = join(scratch, 'history');
    mkdirSync(folder);
    chmodSync(folder, 0o777);
    const path = join(folder, 'cli-history.json');
    saveHistory(['tools list'], path);
    expect(modeOf(folder)).toBe(0o700);
    expect(modeOf(path)).toBe(0o600);
    chownSync(path, OTHER_UID, OTHER_UID);
    expect(loadHistory(path)).toEqual([]); // someone else's history is not replayed
  });
});
