// Runs before `npm test`. Every browser test runs on the headless Chromium that `npm ci` brings
// (@sparticuz/chromium), except the popup-blocker tests: that build has no popup blocker. On a Debian machine
// where we are root, install Debian's full Chromium so those run too. Anywhere else, say how to enable them.
import { existsSync } from 'node:fs';
import { aptInstall, canInstall } from './debianPackage.mjs';

const SYSTEM_CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

function hasFullChromium() {
  return Boolean(process.env.CHROMIUM_PATH) || SYSTEM_CHROMIUM.some((path) => existsSync(path));
}

if (!hasFullChromium()) {
  if (canInstall('MCP_USE_NO_BROWSER_INSTALL')) {
    console.log(
      'Installing Debian chromium for the popup-blocker tests (set MCP_USE_NO_BROWSER_INSTALL=1 to skip)…',
    );
    const failure = aptInstall('chromium');
    if (failure)
      console.warn(`Could not install chromium (${failure}); the popup-blocker tests will not run.`);
  } else {
    console.warn(
      'No full Chromium: the popup-blocker tests will not run (install chromium or set CHROMIUM_PATH).',
    );
  }
}
