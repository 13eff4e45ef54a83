// The Lua scripts of the Redis token store: each runs atomically in Redis, so a check and the write it guards
// cannot be separated by another instance's command.

/**
 * Takes the lock (KEYS[1] = token ARGV[1], expiring after ARGV[2] ms) if free, and returns the next fence
 * (KEYS[2], incremented); 0 when the lock is taken.
 */
export const ACQUIRE = `
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return redis.call('INCR', KEYS[2])
end
return 0`;

/** Extends the lease (ARGV[2] ms) if the lock still holds our token ARGV[1]; 0 when it does not. */
export const RENEW = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0`;

/** Releases the lock only if it still holds our token: never another instance's. */
export const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`;

/**
 * Fenced write of KEYS[1] (a hash: `fence`, `value`): refused (0) when fence ARGV[1] is older than the newest one
 * issued for the lock (KEYS[2]) — someone took the lock after us — or than the fence stored with the value.
 * ARGV[2] is the new value; empty deletes the record.
 */
export const FENCED_WRITE = `
local fence = tonumber(ARGV[1])
if fence < tonumber(redis.call('GET', KEYS[2]) or '0') then return 0 end
if fence < tonumber(redis.call('HGET', KEYS[1], 'fence') or '0') then return 0 end
if ARGV[2] == '' then
  redis.call('DEL', KEYS[1])
else
  redis.call('HSET', KEYS[1], 'fence', ARGV[1], 'value', ARGV[2])
end
return 1`;

/** Whether our acquisition (token ARGV[1], fence ARGV[2]) is still the newest holder of the lock. */
export const STILL_HELD = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
if tonumber(redis.call('GET', KEYS[2]) or '0') ~= tonumber(ARGV[2]) then return 0 end
return 1`;
