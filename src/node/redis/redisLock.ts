/**
 * The refresh lock across instances: `SET key token NX PX lease`, renewed every third of the lease while held,
 * released only by its holder (compare and delete), and a fence — a counter incremented on every acquisition —
 * that writes made under the lock carry. A write whose fence is older than the newest issued is refused in Redis
 * itself (redisScripts.ts), so an instance that was paused past its lease (a long GC, a frozen VM) and wakes up
 * cannot overwrite the tokens the next holder stored.
 */
import { randomBytes } from 'node:crypto';
import type { LockFn, LockLease } from '../../auth/lock';
import { LockLostError, LockTimeoutError } from '../errors';
import { evalScript, type SendCommand } from './redisCommands';
import { ACQUIRE, RELEASE, RENEW, STILL_HELD } from './redisScripts';

export interface RedisLockOptions {
  leaseMs: number;
  timeoutMs: number;
  /** The Redis keys of lock `name`: the lock itself and its fence counter. */
  keysFor(name: string): { lock: string; fence: string };
}

const MAX_POLL_MS = 100;

export class RedisLease implements LockLease {
  readonly name: string;
  readonly fence: number;
  readonly #send: SendCommand;
  readonly #keys: { lock: string; fence: string };
  readonly #token: string;

  constructor(
    name: string,
    fence: number,
    token: string,
    keys: { lock: string; fence: string },
    send: SendCommand,
  ) {
    this.name = name;
    this.fence = fence;
    this.#token = token;
    this.#keys = keys;
    this.#send = send;
  }

  get fenceKey(): string {
    return this.#keys.fence;
  }

  async assertHeld(): Promise<void> {
    const held = await evalScript(
      this.#send,
      STILL_HELD,
      [this.#keys.lock, this.#keys.fence],
      [this.#token, String(this.fence)],
    );
    if (Number(held) !== 1) throw new LockLostError(this.name);
  }
}

async function acquire(
  send: SendCommand,
  name: string,
  keys: { lock: string; fence: string },
  token: string,
  options: RedisLockOptions,
): Promise<number> {
  const deadline = performance.now() + options.timeoutMs;
  for (let pollMs = 5; ; pollMs = Math.min(pollMs * 2, MAX_POLL_MS)) {
    const fence = Number(
      await evalScript(send, ACQUIRE, [keys.lock, keys.fence], [token, String(options.leaseMs)]),
    );
    if (fence > 0) return fence;
    if (performance.now() >= deadline) {
      throw new LockTimeoutError(name, options.timeoutMs, `another instance (Redis key ${keys.lock})`);
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs / 2 + Math.random() * pollMs));
  }
}

export function redisLock(send: SendCommand, options: RedisLockOptions): LockFn {
  return async (name, fn) => {
    const keys = options.keysFor(name);
    const token = randomBytes(16).toString('hex');
    const fence = await acquire(send, name, keys, token, options);
    const renewal = setInterval(() => {
      // A failed renewal is not fatal here: the lease then runs out, and fenced writes say so.
      evalScript(send, RENEW, [keys.lock], [token, String(options.leaseMs)]).catch(() => {});
    }, options.leaseMs / 3);
    renewal.unref();
    try {
      return await fn(new RedisLease(name, fence, token, keys, send));
    } finally {
      clearInterval(renewal);
      await evalScript(send, RELEASE, [keys.lock], [token]).catch(() => {
        // Unreachable now: the lease runs out by itself.
      });
    }
  };
}
