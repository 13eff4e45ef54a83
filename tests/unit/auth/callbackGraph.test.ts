// The callback page is bundled into a small entry (`mcp-use/auth`): its module graph must not reach the MCP SDK,
// the session or discovery. Walks the relative imports of src/auth.ts and checks every module and package it
// reaches.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const src = resolve(dirname(fileURLToPath(import.meta.url)), '../../../src');

function walk(file: string, modules: Set<string>, packages: Set<string>): void {
  if (modules.has(file)) return;
  modules.add(file);
  const source = readFileSync(file, 'utf8');
  for (const match of source.matchAll(/^(?:import|export)\s+(?!type\b)[^'"]*?from\s+'([^']+)'/gm)) {
    const specifier = match[1] as string;
    if (specifier.startsWith('.')) walk(`${resolve(dirname(file), specifier)}.ts`, modules, packages);
    else packages.add(specifier);
  }
}

it('the callback module graph imports only oauth4webapi, idb-keyval and the engine pieces it needs', () => {
  const modules = new Set<string>();
  const packages = new Set<string>();
  walk(resolve(src, 'auth.ts'), modules, packages);
  expect([...packages].sort()).toEqual(['idb-keyval', 'oauth4webapi']);
  const names = [...modules].map((file) => file.slice(file.lastIndexOf('/') + 1));
  expect(names).not.toContain('OAuthSession.ts');
  expect(names.filter((name) => name.startsWith('discover'))).toEqual([]);
  expect(names).toContain('completeAuthorization.ts');
  expect(names).toContain('idbStore.ts');
});
