// Wall time of one command, the way a person at a terminal feels it: from spawning the process to its exit,
// Node's own start-up included. The child runs asynchronously so this process's event loop stays free: it
// drains the test server's pipes and notices the server closing an idle keep-alive socket (a blocking
// spawnSync left undici to reuse a dead socket for the next stats request). Nothing else runs meanwhile, so
// the wait adds next to nothing to the number.
import { execFile } from 'node:child_process';

/** A hung command is killed after this long and fails the bench (a CLI that does not exit is a bug). */
export const RUN_TIMEOUT_MS = 20_000;

export interface TimedCommand {
  /** What the table shows, e.g. `mcp-use client tools list`. */
  label: string;
  /** Arguments to this Node binary (the script first). */
  args: readonly string[];
  /** What a successful run prints on stdout; a run that does not is a broken measurement, not a slow one. */
  expectStdout?: RegExp;
}

export interface Timing {
  label: string;
  samplesMs: number[];
  medianMs: number;
  minMs: number;
  maxMs: number;
}

export interface RunContext {
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/** Runs a command once and resolves with its wall time in ms; rejects with its output when it fails or hangs. */
export function timeOnce(command: TimedCommand, context: RunContext): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    execFile(
      process.execPath,
      command.args,
      {
        cwd: context.cwd,
        env: context.env,
        encoding: 'utf8',
        timeout: RUN_TIMEOUT_MS,
        killSignal: 'SIGKILL',
      },
      (error, stdout, stderr) => {
        const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
        const output = `\n--- stdout ---\n${stdout}\n--- stderr ---\n${stderr}`;
        if (error) {
          const how = error.killed
            ? `was killed after ${RUN_TIMEOUT_MS} ms`
            : `failed (${error.message.split('\n')[0]})`;
          reject(new Error(`${command.label} ${how}${output}`));
        } else if (command.expectStdout && !command.expectStdout.test(stdout)) {
          reject(new Error(`${command.label} did not print ${command.expectStdout}${output}`));
        } else resolve(elapsedMs);
      },
    );
  });
}

/** The middle value (the mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/**
 * One unmeasured run first (it fills the file cache and warms the server's JIT, as the connect bench does), then
 * `runs` measured ones.
 */
export async function timeRuns(command: TimedCommand, context: RunContext, runs: number): Promise<Timing> {
  await timeOnce(command, context);
  const samplesMs: number[] = [];
  for (let run = 0; run < runs; run += 1) samplesMs.push(await timeOnce(command, context));
  return {
    label: command.label,
    samplesMs,
    medianMs: median(samplesMs),
    minMs: Math.min(...samplesMs),
    maxMs: Math.max(...samplesMs),
  };
}
