// `mcp-use --version` prints the version of package.json, which the build reads once: the bundle holds that one
// string, never the rest of package.json (scripts, dependency lists).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { ROOT, runCli, tempHome } from './support/cli';

const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
const home = tempHome();
afterAll(home.cleanup);

it('--version and -v print the package version', async () => {
  for (const flag of ['--version', '-v']) {
    const result = await runCli([flag], home.home);
    expect(result).toMatchObject({ code: 0, stdout: `${version}\n` });
  }
});

it('the built code holds the version string but nothing else of package.json', () => {
  const bundles = readdirSync(join(ROOT, 'dist')).filter((name) => name.endsWith('.js'));
  const code = bundles.map((name) => readFileSync(join(ROOT, 'dist', name), 'utf8')).join('\n');
  expect(code).toContain(JSON.stringify(version));
  for (const field of ['devDependencies', 'peerDependencies', '"scripts"', 'bench:size'])
    expect(code).not.toContain(field);
});
