// Runs before `npm test`: the Redis token store's tests start a real redis-server (Debian's package). Found on
// PATH or at REDIS_SERVER_PATH, it is used as it is; missing, it is installed when we are root on Debian (as
// ensure-chromium.mjs does for Chromium). Anywhere else, say how to get it: those tests then report as skipped.
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { aptInstall, canInstall } from './debianPackage.mjs';

function hasRedisServer() {
  if (process.env.REDIS_SERVER_PATH) return existsSync(process.env.REDIS_SERVER_PATH);
  return (process.env.PATH ?? '')
    .split(delimiter)
    .some((dir) => dir && existsSync(join(dir, 'redis-server')));
}

if (!hasRedisServer()) {
  if (canInstall('MCP_USE_NO_REDIS_INSTALL')) {
    console.log(
      'Installing Debian redis-server for the Redis token store tests (MCP_USE_NO_REDIS_INSTALL=1 skips)…',
    );
    const failure = aptInstall('redis-server', ['--no-install-recommends']);
    if (failure)
      console.warn(`Could not install redis-server (${failure}); the Redis tests will be skipped.`);
  } else {
    console.warn(
      'No redis-server: the Redis token store tests will be skipped (install redis-server, e.g. apt-get install redis-server or brew install redis, or set REDIS_SERVER_PATH).',
    );
  }
}
