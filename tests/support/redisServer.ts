// A real redis-server (Debian's package: scripts/ensure-redis.mjs installs it before `npm test` where it can) on a
// free loopback port, started by the tests and stopped by its PID. `redisServerPath()` is undefined when there is
// none: the Redis tests then report as skipped, saying why.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { freePort } from '../fixtures/loopbackSignIn';
import { killChild } from './childProcesses';

const STARTUP_TIMEOUT_MS = 15_000;

export function redisServerPath(): string | undefined {
  const configured = process.env.REDIS_SERVER_PATH;
  if (configured) return existsSync(configured) ? configured : undefined;
  return (process.env.PATH ?? '')
    .split(delimiter)
    .map((dir) => join(dir, 'redis-server'))
    .find((path) => existsSync(path));
}

export const NO_REDIS_REASON =
  'no redis-server (install it: apt-get install redis-server, brew install redis, or set REDIS_SERVER_PATH)';

export interface RunningRedis {
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  /** SIGKILL: no shutdown save, no goodbye — what survives is what was on disk. */
  crash(): Promise<void>;
  /** Starts it again on the same port and folder. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export interface StartRedisOptions {
  /** Append-only file fsynced before every reply (`appendfsync always`) in this folder; default: nothing on disk. */
  durableDir?: string;
}

function launch(path: string, port: number, options: StartRedisOptions): Promise<ChildProcess> {
  const persistence = options.durableDir
    ? ['--dir', options.durableDir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', '']
    : ['--save', '', '--appendonly', 'no'];
  const child = spawn(path, ['--port', String(port), '--bind', '127.0.0.1', ...persistence], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`redis-server did not start within ${STARTUP_TIMEOUT_MS} ms: ${output}`));
    }, STARTUP_TIMEOUT_MS);
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited (${code}): ${output}`));
    });
  });
}

export async function startRedis(options: StartRedisOptions = {}): Promise<RunningRedis> {
  const path = redisServerPath();
  if (!path) throw new Error(NO_REDIS_REASON);
  const port = await freePort();
  let child = await launch(path, port, options);
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    get pid() {
      return child.pid ?? -1;
    },
    crash: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    },
    restart: async () => {
      child = await launch(path, port, options);
    },
    stop: () => killChild(child),
  };
}
