// The `mcp-use/redis` entry: a shared TokenStore for Node backends that run several instances. Only this entry
// loads it (and the optional `redis` peer), so nothing else in the package pays for it.
export {
  createRedisTokenStore,
  type RedisTokenStore,
  type RedisTokenStoreOptions,
} from './node/redis/redisTokenStore';
export type { RedisCommandClient } from './node/redis/redisCommands';
export { LockLostError, LockTimeoutError, NodeErrorCode, TokenStoreError } from './node/errors';
