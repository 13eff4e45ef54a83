// Runs before `npm test`. Every browser test runs on the headless Chromium that `npm ci` brings
// (@sparticuz/chromium), except the popup-blocker tests: that build has no popup blocker. On a Debian machine
// where we are root, install Debian's full Chromium so those run too. Anywhere else, say how to enable them.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const SYSTEM_CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];
const INSTALL_TIMEOUT_MS = 300_000;

function hasFullChromium() {
  return Boolean(process.env.CHROMIUM_PATH) || SYSTEM_CHROMIUM.some((path) => existsSync(path));
}

function canInstall() {
  return (
    process.getuid?.() === 0 && existsSync('/usr/bin/apt-get') && !process.env.MCP_USE_NO_BROWSER_INSTALL
  );
}

if (!hasFullChromium()) {
  if (canInstall()) {
    console.log(
      'Installing Debian chromium for the popup-blocker tests (set MCP_USE_NO_BROWSER_INSTALL=1 to skip)…',
    );
    const options = {
      stdio: 'inherit',
      timeout: INSTALL_TIMEOUT_MS,
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    };
    try {
      execFileSync('apt-get', ['update', '-qq'], options);
      execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], options);
    } catch (error) {
      console.warn(`Could not install chromium (${error.message}); the popup-blocker tests will not run.`);
    }
  } else {
    console.warn(
      'No full Chromium: the popup-blocker tests will not run (install chromium or set CHROMIUM_PATH).',
    );
  }
}
