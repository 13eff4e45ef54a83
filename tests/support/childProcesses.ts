// Test servers run as child processes spawned with this Node binary directly on their .mjs file, so the PID held
// here is the server itself: it is stopped by that PID, never through a process tree.
import { type ChildProcess, spawn } from 'node:child_process';

const STARTUP_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 5_000;
const KILL_WAIT_MS = 2_000;
const STDERR_KEEP_CHARS = 16_000;

/** Every child still alive, for the last-resort exit handler. */
const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

const hasExited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

/** Resolves true once the child exits, false if it is still alive after `ms`. */
function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (hasExited(child)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const onExit = () => {
      clearTimeout(timer);
      resolve(true);
    };
    const timer = setTimeout(() => {
      child.off('exit', onExit);
      resolve(false);
    }, ms);
    child.once('exit', onExit);
  });
}

/** SIGTERM, a bounded wait, then SIGKILL. Safe to call twice. */
export async function killChild(child: ChildProcess): Promise<void> {
  if (hasExited(child)) return;
  child.kill('SIGTERM');
  if (await waitForExit(child, STOP_GRACE_MS)) return;
  child.kill('SIGKILL');
  await waitForExit(child, KILL_WAIT_MS);
}

/** A server that did not start; `portInUse` says waiting for an old socket to go away may help. */
export class StartError extends Error {
  constructor(
    message: string,
    readonly portInUse: boolean,
  ) {
    super(message);
  }
}

export interface Spawned {
  child: ChildProcess;
  port: number;
}

function collectStderr(child: ChildProcess): () => string {
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-STDERR_KEEP_CHARS);
  });
  return () => stderr.trim();
}

export interface SpawnOptions {
  /** Node flags before the script (e.g. `--import` a preload). */
  nodeArgs?: string[];
  /** Variables added to the environment. */
  env?: Record<string, string>;
}

/**
 * Spawns a server script and waits (bounded) for its `LISTENING <port>` line; rejects with its stderr when it
 * exits first or stays silent.
 */
export function spawnListening(
  file: string,
  args: string[],
  label: string,
  options: SpawnOptions = {},
): Promise<Spawned> {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), file, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...options.env },
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  const stderr = collectStderr(child);

  return new Promise<Spawned>((resolve, reject) => {
    let stdout = '';
    let settled = false;
    const fail = (reason: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void killChild(child);
      const detail = stderr() ? `\n--- server stderr ---\n${stderr()}` : '';
      reject(new StartError(`${label} ${reason}${detail}`, /EADDRINUSE/.test(stderr())));
    };
    const timer = setTimeout(
      () => fail(`printed no LISTENING line within ${STARTUP_TIMEOUT_MS} ms`),
      STARTUP_TIMEOUT_MS,
    );
    // Wait a tick so the last stderr chunk (the reason it died) has arrived before reporting it.
    child.once('exit', (code, signal) =>
      setImmediate(() => fail(`exited before listening (code ${code}, signal ${signal})`)),
    );
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      if (settled) return; // keep draining so a chatty server never blocks on a full pipe
      stdout += chunk;
      const match = /^LISTENING (\d+)$/m.exec(stdout);
      if (!match) return;
      settled = true;
      clearTimeout(timer);
      resolve({ child, port: Number(match[1]) });
    });
  });
}
