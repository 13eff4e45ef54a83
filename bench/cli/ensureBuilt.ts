// The CLI bench runs the built bin, as a user does, built with the package's own tsdown config. It builds into a
// folder of its own rather than dist/: tsdown empties its output folder first (`clean: true`), so sharing dist/
// with anything else that builds — the CLI tests' globalSetup runs `npx tsdown` on every test run — takes the bin
// away between two timed runs (seen: three bench runs in a row failed that way), and a bench build would do the
// same to a test run. The folder sits under node_modules/ so the bin resolves its dependencies (commander, the
// MCP SDK…) from the project's node_modules exactly as dist/cli.js does.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BUILD_DIR = join(ROOT, 'node_modules', '.cache', 'mcp-use-bench-cli');
export const CLI = join(BUILD_DIR, 'cli.js');
/** The same bound as tests/cli/globalSetup.ts: a build that hangs fails the bench instead of stalling it. */
const BUILD_TIMEOUT_MS = 180_000;

/** Newest modification time under a folder, in ms. */
function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const mtime = entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs;
    if (mtime > newest) newest = mtime;
  }
  return newest;
}

/** Why the bench's build needs (re)building, or undefined when it is up to date. */
export function staleReason(): string | undefined {
  if (!existsSync(CLI)) return 'no build yet';
  const inputs = Math.max(
    newestMtime(join(ROOT, 'src')),
    statSync(join(ROOT, 'tsdown.config.ts')).mtimeMs,
    statSync(join(ROOT, 'package.json')).mtimeMs,
  );
  return statSync(CLI).mtimeMs < inputs ? 'the last build was older than src/' : undefined;
}

/** Runs `npx tsdown` into BUILD_DIR when the build there is missing or stale; returns what was done, for the log. */
export function ensureBuilt(): string {
  const reason = staleReason();
  if (reason === undefined) return 'the build was up to date';
  try {
    // The package's config (entries, externals, target); type declarations do not change the JavaScript.
    execFileSync('npx', ['tsdown', '--out-dir', BUILD_DIR, '--no-dts', '--logLevel', 'error'], {
      cwd: ROOT,
      stdio: 'pipe',
      timeout: BUILD_TIMEOUT_MS,
    });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: Buffer; stderr?: Buffer };
    throw new Error(`npx tsdown failed (${reason}):\n${stdout ?? ''}${stderr ?? ''}`);
  }
  // Outside the package's own folder Node would not see its "type": "module"; say it here.
  writeFileSync(join(BUILD_DIR, 'package.json'), '{ "type": "module", "private": true }\n');
  return `built with npx tsdown first: ${reason}`;
}
