// Runs the built CLI (dist/cli.js, built by tests/cli/globalSetup.ts) as a child process with HOME pointed at a
// temporary folder, the way a user runs it. Every run is bounded: a CLI that does not exit after its work is
// killed and the test fails on the exit status.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
export const CLI = join(ROOT, 'dist', 'cli.js');
const CLOCK_AHEAD = new URL('./clockAhead.mjs', import.meta.url).href;
/** Long enough for a connect on a busy machine, short enough that a hang fails quickly. */
export const RUN_TIMEOUT_MS = 20_000;

export interface CliResult {
  /** Exit status; null when the CLI had to be killed (it hung). */
  code: number | null;
  stdout: string;
  stderr: string;
  durationMs: number;
  /** From the last output to the exit: what a leaked socket or timer would stretch. */
  exitLagMs: number;
}

/** A temporary HOME; `cleanup` removes it. */
export function tempHome(): { home: string; cleanup: () => void } {
  const home = mkdtempSync(join(tmpdir(), 'mcp-use-cli-home-'));
  return { home, cleanup: () => rmSync(home, { recursive: true, force: true }) };
}

/** The child's environment: ours with HOME replaced, and no way to open a browser. */
export function cliEnv(home: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, MCP_USE_NO_BROWSER: '1', ...extra };
  delete env.DISPLAY;
  delete env.WAYLAND_DISPLAY;
  return env;
}

export interface RunningCli {
  child: ChildProcessWithoutNullStreams;
  /** Resolves with stderr so far once it matches `pattern`; rejects after `timeoutMs` or when the CLI exits. */
  waitForStderr(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  result: Promise<CliResult>;
}

/** Collects a child's output and resolves when it closes; kills it (status null) if it outlives RUN_TIMEOUT_MS. */
function outcome(child: ChildProcessWithoutNullStreams): {
  result: Promise<CliResult>;
  stderr: () => string;
} {
  const started = Date.now();
  let lastOutput = started;
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    lastOutput = Date.now();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    lastOutput = Date.now();
  });
  const result = new Promise<CliResult>((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT_MS);
    child.once('close', (code) => {
      clearTimeout(timer);
      const now = Date.now();
      resolve({ code, stdout, stderr, durationMs: now - started, exitLagMs: now - lastOutput });
    });
  });
  return { result, stderr: () => stderr };
}

export interface CliOptions {
  cwd?: string;
  /** Written to the CLI's stdin, which is then closed (answers to a server's questions). */
  input?: string;
  /** Runs the CLI with its clock this far ahead of real time, so saved tokens look older (clockAhead.mjs). */
  clockAheadMs?: number;
}

export function startCli(args: readonly string[], home: string, options: CliOptions = {}): RunningCli {
  const ahead = options.clockAheadMs ?? 0;
  const clock: { argv: string[]; env: Record<string, string> } = ahead
    ? { argv: ['--import', CLOCK_AHEAD], env: { TEST_CLOCK_AHEAD_MS: String(ahead) } }
    : { argv: [], env: {} };
  const child = spawn(process.execPath, [...clock.argv, CLI, ...args], {
    cwd: options.cwd ?? ROOT,
    env: cliEnv(home, clock.env),
  });
  if (options.input !== undefined) child.stdin.end(options.input);
  const { result, stderr } = outcome(child);
  const waitForStderr = (pattern: RegExp, timeoutMs = 10_000) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const check = () => {
        const match = stderr().match(pattern);
        if (!match) return false;
        finish();
        resolve(match);
        return true;
      };
      const onExit = () => {
        if (check()) return;
        finish();
        reject(new Error(`the CLI exited before printing ${pattern}; stderr:\n${stderr()}`));
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`no ${pattern} on stderr within ${timeoutMs} ms; stderr:\n${stderr()}`));
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        child.stderr.off('data', check);
        child.off('close', onExit);
      };
      // Registered after outcome()'s own listener, so stderr() already holds the chunk being checked.
      child.stderr.on('data', check);
      child.once('close', onExit);
      check();
    });
  return { child, waitForStderr, result };
}

/** Runs the CLI to completion. */
export function runCli(args: readonly string[], home: string, options: CliOptions = {}): Promise<CliResult> {
  return startCli(args, home, options).result;
}

/** Runs a command line through bash, with `npx mcp-use` standing for the built CLI (for samples copied verbatim). */
export function runShell(commandLine: string, home: string): Promise<CliResult> {
  const line = commandLine.replaceAll(
    'npx mcp-use',
    `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)}`,
  );
  return outcome(spawn('bash', ['-c', line], { cwd: ROOT, env: cliEnv(home) })).result;
}

/** Non-empty lines of a text. */
export function lines(text: string): string[] {
  return text.split('\n').filter((line) => line.trim() !== '');
}
