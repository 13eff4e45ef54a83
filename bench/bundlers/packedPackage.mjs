// The package as a consumer installs it: `npm pack` of the built dist/, unpacked into node_modules/mcp-use of a
// consumer folder under .cache/. Its dependencies resolve upwards to the repository's node_modules — the
// versions the lockfile pins, the ones an app installing mcp-use today gets — so no registry is needed.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CONSUMERS = join(ROOT, '.cache', 'bundlers');

const COMMAND_TIMEOUT_MS = 120_000;

/** Packs dist/ (building it first when it is missing) and unpacks it as CONSUMERS/node_modules/mcp-use. */
export function installPackedPackage() {
  if (!existsSync(join(ROOT, 'dist', 'react.js'))) {
    execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore', timeout: COMMAND_TIMEOUT_MS });
  }
  const packs = join(CONSUMERS, 'packs');
  rmSync(packs, { recursive: true, force: true });
  mkdirSync(packs, { recursive: true });
  execFileSync('npm', ['pack', '--silent', '--pack-destination', packs], {
    cwd: ROOT,
    stdio: 'ignore',
    timeout: COMMAND_TIMEOUT_MS,
  });
  const tarball = readdirSync(packs).find((name) => name.endsWith('.tgz'));
  if (!tarball) throw new Error('npm pack wrote no tarball');
  const target = join(CONSUMERS, 'node_modules', 'mcp-use');
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  execFileSync('tar', ['-xzf', join(packs, tarball), '-C', target, '--strip-components=1'], {
    timeout: COMMAND_TIMEOUT_MS,
  });
  return CONSUMERS;
}
