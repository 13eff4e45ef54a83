/**
 * The REPL's command history in `~/.mcp-use/cli-history` (0600: typed arguments may be private), newest first
 * as readline wants it, bounded in length.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { readSecureJson, writeSecureJson } from '../../node/fs/secureJsonFile';

export const HISTORY_SIZE = 500;

export function historyPath(): string {
  return join(homedir(), '.mcp-use', 'cli-history.json');
}

export function loadHistory(path: string = historyPath()): string[] {
  try {
    const lines = readSecureJson(path);
    return Array.isArray(lines)
      ? lines.filter((line) => typeof line === 'string').slice(0, HISTORY_SIZE)
      : [];
  } catch {
    return []; // a damaged history is not worth an error: start a new one
  }
}

export function saveHistory(lines: readonly string[], path: string = historyPath()): void {
  try {
    writeSecureJson(path, lines.slice(0, HISTORY_SIZE));
  } catch {
    // Losing history is better than failing on exit.
  }
}
