// The expected-failures file: one entry per line, `<suite> <client> <scenario>: <reason>`, where suite and client
// may be `*`. Every entry is a bug to fix (or a documented spec disagreement); the reason says which and where.
import { readFileSync } from 'node:fs';

const LINE = /^(\S+)\s+(\S+)\s+(\S+):\s+(.+)$/;

/** @returns {{ suite: string, client: string, scenario: string, reason: string, line: number }[]} */
export function readExpectedFailures(path) {
  const entries = [];
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((text, index) => {
      const trimmed = text.trim();
      if (!trimmed || trimmed.startsWith('#')) return;
      const match = LINE.exec(trimmed);
      if (!match) throw new Error(`${path}:${index + 1}: expected "<suite> <client> <scenario>: <reason>"`);
      const [, suite, client, scenario, reason] = match;
      entries.push({ suite, client, scenario, reason, line: index + 1 });
    });
  return entries;
}

export function expectedFailure(entries, { suite, client, scenario }) {
  return entries.find(
    (entry) =>
      (entry.suite === '*' || entry.suite === suite) &&
      (entry.client === '*' || entry.client === client) &&
      entry.scenario === scenario,
  );
}
