/**
 * The few Redis commands the token store sends, over any client that can send a raw command (node-redis's
 * `createClient()` can: `sendCommand(['GET', key])`), so the package needs no Redis types of its own and the
 * `redis` package stays an optional peer. A command that loses its connection (Redis restarting, a failover) is
 * sent again for a bounded time: every write here is idempotent, and a token the authorization server has just
 * rotated must reach the store (RFC 9700 §4.14.2: the spent one is worthless).
 */
import { McpUseError } from '../../core/errors';

/** What the store needs of a Redis client. */
export interface RedisCommandClient {
  sendCommand(args: string[]): Promise<unknown>;
}

/** How long a command keeps being sent again while Redis cannot be reached. */
const RECONNECT_WINDOW_MS = 15_000;
const MAX_PAUSE_MS = 1_000;

/** Redis's own answer to a command (a script error, a wrong type): sending it again would get the same. */
function isReply(error: unknown): boolean {
  const name = (error as { constructor?: { name?: string } })?.constructor?.name ?? '';
  return /^(ErrorReply|SimpleError|BlobError|MultiErrorReply)$/.test(name) || name === 'ClientClosedError';
}

export type SendCommand = (args: string[]) => Promise<unknown>;

export function commandSender(client: RedisCommandClient, ready: () => Promise<void>): SendCommand {
  return async (args) => {
    const deadline = performance.now() + RECONNECT_WINDOW_MS;
    for (let pauseMs = 50; ; pauseMs = Math.min(pauseMs * 2, MAX_PAUSE_MS)) {
      try {
        await ready();
        return await client.sendCommand(args);
      } catch (error) {
        if (isReply(error) || error instanceof McpUseError || performance.now() >= deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, pauseMs));
      }
    }
  };
}

/** `EVAL script numkeys keys… args…`. */
export function evalScript(
  send: SendCommand,
  script: string,
  keys: string[],
  args: string[],
): Promise<unknown> {
  return send(['EVAL', script, String(keys.length), ...keys, ...args]);
}

interface ConnectableClient extends RedisCommandClient {
  connect(): Promise<unknown>;
  close?(): Promise<unknown>;
  quit?(): Promise<unknown>;
  on(event: 'error', listener: (error: unknown) => void): unknown;
}

/** A node-redis client for `url`, from the optional `redis` peer dependency, connected on first use. */
export async function clientForUrl(url: string): Promise<ConnectableClient> {
  let redis: { createClient(options: { url: string }): ConnectableClient };
  try {
    redis = (await import('redis')) as unknown as typeof redis;
  } catch (cause) {
    throw new McpUseError(
      'invalid_config',
      'createRedisTokenStore({ url }) needs the `redis` package: npm install redis',
      {
        cause,
      },
    );
  }
  const client = redis.createClient({ url });
  // Errors of a connection node-redis is re-establishing reach the commands that wait for it; without a
  // listener, node-redis would throw them at the process.
  client.on('error', () => {});
  return client;
}
