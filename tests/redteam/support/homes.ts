// Helpers the red-team CLI tests share: a fresh HOME per test (all removed after the file), and the check that
// nothing the CLI printed gives a secret away.
import { afterAll, expect } from 'vitest';
import { type CliResult, tempHome } from '../../cli/support/cli';

/** A new temporary HOME; every one made in a test file is removed after it. */
export function freshHomes(): () => string {
  const cleanups: (() => void)[] = [];
  afterAll(() => {
    for (const cleanup of cleanups) cleanup();
  });
  return () => {
    const created = tempHome();
    cleanups.push(created.cleanup);
    return created.home;
  };
}

/** Neither stdout nor stderr holds any of `secrets`. */
export function expectNotShown(result: CliResult, ...secrets: string[]): void {
  for (const secret of secrets) {
    expect(result.stdout, `stdout holds ${secret}`).not.toContain(secret);
    expect(result.stderr, `stderr holds ${secret}`).not.toContain(secret);
  }
}
