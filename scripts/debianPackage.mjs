// Installing a Debian package the tests need (a full Chromium, redis-server) before `npm test`: only as root on a
// machine with apt-get, unless the given variable says not to; bounded; a failure is a warning, never a stop.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const INSTALL_TIMEOUT_MS = 300_000;

export function canInstall(skipVariable) {
  return process.getuid?.() === 0 && existsSync('/usr/bin/apt-get') && !process.env[skipVariable];
}

/** Installs `pkg`; returns the error message when it could not. */
export function aptInstall(pkg, extraArgs = []) {
  const options = {
    stdio: 'inherit',
    timeout: INSTALL_TIMEOUT_MS,
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  };
  try {
    execFileSync('apt-get', ['update', '-qq'], options);
    execFileSync('apt-get', ['install', '-y', '-qq', ...extraArgs, pkg], options);
    return undefined;
  } catch (error) {
    return error.message;
  }
}
