// Runs before `npm test`: the Redis token store's tests start a real redis-server (Debian's package). Found on
// PATH or at REDIS_SERVER_PATH, it is used as it is; missing, it is installed when we are root on Debian (as
// ensure-chromium.mjs does for Chromium). Anywhere else, say how to get it: those tests then report as skipped.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

const INSTALL_TIMEOUT_MS = 300_000;

function hasRedisServer() {
  if (process.env.REDIS_SERVER_PATH) return existsSync(process.env.REDIS_SERVER_PATH);
  return (process.env.PATH ?? '')
    .split(delimiter)
    .some((dir) => dir && existsSync(join(dir, 'redis-server')));
}

function canInstall() {
  return process.getuid?.() === 0 && existsSync('/usr/bin/apt-get') && !process.env.MCP_USE_NO_REDIS_INSTALL;
}

if (!hasRedisServer()) {
  if (canInstall()) {
    console.log(
      'Installing Debian redis-server for the Redis token store tests (MCP_USE_NO_REDIS_INSTALL=1 skips)…',
    );
    const options = {
      stdio: 'inherit',
      timeout: INSTALL_TIMEOUT_MS,
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    };
    try {
      execFileSync('apt-get', ['update', '-qq'], options);
      execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'redis-server'], options);
    } catch (error) {
      console.warn(`Could not install redis-server (${error.message}); the Redis tests will be skipped.`);
    }
  } else {
    console.warn(
      'No redis-server: the Redis token store tests will be skipped (install redis-server, e.g. apt-get install redis-server or brew install redis, or set REDIS_SERVER_PATH).',
    );
  }
}
