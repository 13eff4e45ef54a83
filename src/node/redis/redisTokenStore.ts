/**
 * A TokenStore in Redis, for backends that call MCP servers on behalf of their users from several instances:
 * one shared store, records per (user, server, issuer, account), values sealed at rest when given a key
 * (valueCodec.ts), and a refresh lock with a lease and fencing across instances (redisLock.ts).
 *
 * Keys: `<prefix>{<user>}:<engine key>`, where the engine key already names the server URL, the issuer and the
 * account (auth/storeKeys.ts), and `<prefix>{<user>}:lock:<name>` / `:fence:<name>` for locks. The user part is
 * URL-encoded and in braces, a Redis Cluster hash tag: all of one user's keys share a slot, so the scripts that
 * touch a record and its lock's fence run on one node.
 */
import type { LockFn } from '../../auth/lock';
import type { StoreWriteOptions, TokenStore } from '../../auth/store';
import { ConfigError } from '../../core/errors';
import { LockLostError } from '../errors';
import {
  clientForUrl,
  commandSender,
  evalScript,
  type RedisCommandClient,
  type SendCommand,
} from './redisCommands';
import { RedisLease, redisLock } from './redisLock';
import { FENCED_WRITE } from './redisScripts';
import { type ValueCodec, valueCodec } from './valueCodec';

export interface RedisTokenStoreOptions {
  /** A connected client (node-redis `createClient()`, or anything with `sendCommand(args)`); you close it. */
  client?: RedisCommandClient;
  /** Or a Redis URL: the store makes a node-redis client (the optional `redis` package), and `close()` ends it. */
  url?: string;
  /** Whose tokens (your user id): every record and lock of this store is under it. Default `default`. */
  userKey?: string;
  /** Prefix of every key. Default `mcp-use:`. */
  prefix?: string;
  /** 32 bytes (or their base64): records are sealed with AES-256-GCM. Without it they are stored as JSON. */
  encryptionKey?: string | Uint8Array;
  /** Lease of the refresh lock, renewed while held. Default 10 s. */
  lockLeaseMs?: number;
  /** The longest wait for another instance's lock. Default 60 s. */
  lockTimeoutMs?: number;
}

export interface RedisTokenStore extends TokenStore {
  readonly userKey: string;
  lock: LockFn;
  /** The same store (client, prefix, key) for another user: cheap, make one per request. */
  forUser(userKey: string): RedisTokenStore;
  /** Deletes every record of this user (all servers, accounts, registrations): forgets, does not revoke. */
  clear(): Promise<void>;
  /** Ends the client the store made from `url` (a client you passed in stays yours to close). */
  close(): Promise<void>;
}

const DEFAULT_LEASE_MS = 10_000;
const DEFAULT_LOCK_TIMEOUT_MS = 60_000;

interface Shared {
  send: SendCommand;
  codec: ValueCodec;
  prefix: string;
  leaseMs: number;
  timeoutMs: number;
  close: () => Promise<void>;
}

/** MATCH patterns are globs: the user's own characters must not act as wildcards. */
const globEscape = (text: string) => text.replace(/[*?[\]\\]/g, (char) => `\\${char}`);

function userStore(shared: Shared, userKey: string): RedisTokenStore {
  const { send, codec } = shared;
  const base = `${shared.prefix}{${encodeURIComponent(userKey)}}:`;
  const keyOf = (key: string) => `${base}${key}`;
  const lock = redisLock(send, {
    leaseMs: shared.leaseMs,
    timeoutMs: shared.timeoutMs,
    keysFor: (name) => ({ lock: `${base}lock:${name}`, fence: `${base}fence:${name}` }),
  });

  const write = async (key: string, data: string, options: StoreWriteOptions | undefined) => {
    const lease = options?.lease;
    if (lease instanceof RedisLease) {
      const written = await evalScript(
        send,
        FENCED_WRITE,
        [keyOf(key), lease.fenceKey],
        [String(lease.fence), data],
      );
      if (Number(written) !== 1) throw new LockLostError(lease.name);
      return;
    }
    await lease?.assertHeld();
    await send(data === '' ? ['DEL', keyOf(key)] : ['HSET', keyOf(key), 'value', data]);
  };

  return {
    userKey,
    lock,
    async get<T>(key: string) {
      const text = await send(['HGET', keyOf(key), 'value']);
      return typeof text === 'string' ? (codec.decode(keyOf(key), text) as T) : undefined;
    },
    set: (key, value, options) => write(key, codec.encode(keyOf(key), value), options),
    del: (key, options) => write(key, '', options),
    forUser: (other) => userStore(shared, other),
    async clear() {
      let cursor = '0';
      do {
        const [next, keys] = (await send([
          'SCAN',
          cursor,
          'MATCH',
          `${globEscape(base)}*`,
          'COUNT',
          '200',
        ])) as [string, string[]];
        cursor = next;
        if (keys.length > 0) await send(['DEL', ...keys]);
      } while (cursor !== '0');
    },
    close: shared.close,
  };
}

/**
 * `createRedisTokenStore({ url | client, userKey, prefix, encryptionKey })`: a TokenStore for one user; pass it as
 * `tokenStore` to `MCPClient`. `forUser(id)` gives the same store for another user.
 */
export function createRedisTokenStore(options: RedisTokenStoreOptions): RedisTokenStore {
  if ((options.client === undefined) === (options.url === undefined)) {
    throw new ConfigError('createRedisTokenStore needs exactly one of `client` and `url`');
  }
  const codec = valueCodec(options.encryptionKey);
  let client = options.client;
  let connecting: Promise<void> | undefined;
  let made: Awaited<ReturnType<typeof clientForUrl>> | undefined;
  const ready = (): Promise<void> => {
    if (client) return Promise.resolve();
    connecting ??= clientForUrl(options.url as string).then(async (fresh) => {
      made = fresh;
      await fresh.connect();
      client = fresh;
    });
    return connecting;
  };
  const shared: Shared = {
    send: commandSender({ sendCommand: (args) => (client as RedisCommandClient).sendCommand(args) }, ready),
    codec,
    prefix: options.prefix ?? 'mcp-use:',
    leaseMs: options.lockLeaseMs ?? DEFAULT_LEASE_MS,
    timeoutMs: options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS,
    close: async () => {
      if (!made) return;
      await connecting?.catch(() => {});
      await (made.close ?? made.quit)?.call(made);
    },
  };
  return userStore(shared, options.userKey ?? 'default');
}
