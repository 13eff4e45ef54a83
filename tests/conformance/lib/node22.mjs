// The conformance suite needs Node ≥ 22 (it calls fs.globSync). When the machine's Node is older, a Node 22
// binary is fetched from the npm registry (the `node-<platform>-<arch>` package ships the binary itself, so no
// install script has to run) into .cache/node22 and reused on later runs.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const NODE22_VERSION = '22.23.3';

function major(version) {
  return Number(version.replace(/^v/, '').split('.')[0]);
}

/** Path of a Node ≥ 22 executable: this one when it is new enough, else the cached (or freshly fetched) one. */
export function ensureNode22(root) {
  if (major(process.version) >= 22) return process.execPath;
  const pkg = `node-${process.platform}-${process.arch}`;
  const prefix = join(root, '.cache', 'node22');
  const binary = join(prefix, 'node_modules', pkg, 'bin', 'node');
  if (existsSync(binary)) return binary;
  process.stderr.write(
    `conformance: fetching ${pkg}@${NODE22_VERSION} from the npm registry into ${prefix}\n`,
  );
  execFileSync(
    'npm',
    [
      'install',
      '--prefix',
      prefix,
      '--no-save',
      '--no-package-lock',
      '--no-audit',
      '--no-fund',
      '--ignore-scripts',
      `${pkg}@${NODE22_VERSION}`,
    ],
    { stdio: ['ignore', 'ignore', 'inherit'], timeout: 300_000 },
  );
  if (!existsSync(binary)) throw new Error(`npm installed ${pkg} but ${binary} is missing`);
  return binary;
}
