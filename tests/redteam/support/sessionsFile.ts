// The CLI's sessions file in a test HOME, read and written directly: to plant what an attacker (or an older
// version) would leave there, and to check what the CLI saved.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const folderOf = (home: string): string => join(home, '.mcp-use');
export const sessionsPathOf = (home: string): string => join(folderOf(home), 'cli-sessions.json');

export function readSessions(home: string): {
  active?: string;
  sessions: Record<string, Record<string, unknown>>;
} {
  return JSON.parse(readFileSync(sessionsPathOf(home), 'utf8'));
}

/** Writes the sessions file as mcp-use would: 0600 in a 0700 folder. */
export function writeSessions(home: string, sessions: Record<string, Record<string, unknown>>): string {
  mkdirSync(folderOf(home), { recursive: true, mode: 0o700 });
  const path = sessionsPathOf(home);
  const records = Object.fromEntries(
    Object.entries(sessions).map(([name, record]) => [
      name,
      { id: `id-${name}`, createdAt: '2026-01-01T00:00:00.000Z', ...record },
    ]),
  );
  writeFileSync(path, JSON.stringify({ version: 1, active: Object.keys(sessions)[0], sessions: records }), {
    mode: 0o600,
  });
  return path;
}
