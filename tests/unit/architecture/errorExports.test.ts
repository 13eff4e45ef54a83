// Every error a program can meet can be imported: each class under src/ that extends McpUseError and is
// constructed somewhere (or is the base of one that is) is exported from a public entry, beside a code table
// holding its code. And every declared code is produced by something. Read with the TypeScript checker, so
// re-exports (`export *`, renames) count as they do for users.
import { beforeAll, describe, expect, it } from 'vitest';
import { type ErrorModel, isCliOnly, metClasses, readErrorModel } from './errorClasses';

describe('error classes and codes', () => {
  let model: ErrorModel;
  beforeAll(() => {
    model = readErrorModel();
  }, 60_000);

  it('finds the error classes of every layer, through indirect subclasses too', () => {
    const names = model.classes.map((error) => error.name);
    for (const expected of ['McpUseError', 'PopupBlockedError', 'DiscoveryError', 'SignInRequiredError'])
      expect(names).toContain(expected);
    expect(model.classes.find((error) => error.name === 'InvalidServerUrlError')).toMatchObject({
      base: 'InvalidUrlError',
      codes: ['invalid_url'],
    });
  });

  it('exports every error class a program can meet from a public entry', () => {
    const missing = metClasses(model)
      .filter((error) => !isCliOnly(error) && error.exportedFrom.length === 0)
      .map(
        (error) =>
          `${error.name} (${error.file}), constructed in ${error.constructedIn.join(', ') || 'a subclass'}`,
      );
    expect(missing).toEqual([]);
  });

  it('exports each class beside a code table that holds its code', () => {
    const untabled = model.classes.flatMap((error) =>
      error.codes.flatMap((code) =>
        error.exportedFrom
          .filter((entry) => !model.codeTables[entry].has(code))
          .map((entry) => `${entry}: ${error.name} (${code})`),
      ),
    );
    expect(untabled).toEqual([]);
  });

  it('declares only codes something produces', () => {
    const produced = new Set([...model.classes.flatMap((error) => error.codes), ...model.baseClassCodes]);
    const unproduced = [...model.declaredTables].flatMap(([table, { codes }]) =>
      codes.filter((code) => !produced.has(code)).map((code) => `${table}: ${code}`),
    );
    expect(unproduced).toEqual([]);
  });

  it('gives every layer its own table, and no two tables disagree about a code', () => {
    const files = [...model.declaredTables.values()].map((table) => table.file);
    expect(files.sort()).toEqual([
      'src/apps/errors.ts',
      'src/auth/errors.ts',
      'src/browser/errors.ts',
      'src/cli/errors.ts',
      'src/core/errors.ts',
      'src/node/errors.ts',
      'src/proxy/errors.ts',
    ]);
    // A code is owned once, except one that two layers produce for the same event (the sign-in timeout).
    const owners = new Map<string, string[]>();
    for (const [table, { codes }] of model.declaredTables)
      for (const code of codes) owners.set(code, [...(owners.get(code) ?? []), table]);
    const shared = [...owners].filter(([, tables]) => tables.length > 1).map(([code]) => code);
    expect(shared).toEqual(['auth_timeout']);
  });
});
