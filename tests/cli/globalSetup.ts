// Builds the package once before the CLI tests, which spawn the built bin (`node dist/cli.js`) exactly as a user
// runs it. Bounded: a build that hangs fails the run instead of stalling it.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BUILD_TIMEOUT_MS = 180_000;

export default function setup(): void {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  try {
    execFileSync('npx', ['tsdown'], { cwd: root, stdio: 'pipe', timeout: BUILD_TIMEOUT_MS });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: Buffer; stderr?: Buffer };
    throw new Error(`npx tsdown failed before the CLI tests:\n${stdout ?? ''}${stderr ?? ''}`);
  }
}
