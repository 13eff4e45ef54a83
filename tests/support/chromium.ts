import { existsSync } from 'node:fs';

/** Flags that keep Chromium quiet on a machine with no network beyond loopback. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export interface ResolvedChromium {
  executablePath: string;
  /**
   * Whether this build has Chromium's real popup blocker. The headless shell shipped in @sparticuz/chromium
   * does not (window.open never returns null there), so popup-blocker tests need a full Chromium.
   */
  hasPopupBlocker: boolean;
}

/**
 * Finds a Chromium to drive: an explicit CHROMIUM_PATH, then a system package, then the binary shipped inside
 * the @sparticuz/chromium npm package, so `npm ci && npm test` needs no separate browser install.
 */
export async function resolveChromium(): Promise<ResolvedChromium> {
  // MCP_USE_TEST_CHROMIUM=bundled: use the npm headless shell even where a full Chromium is installed (to see
  // what a machine without one reports).
  if (process.env.MCP_USE_TEST_CHROMIUM === 'bundled') return bundledChromium();
  const explicit = process.env.CHROMIUM_PATH;
  if (explicit) {
    if (!existsSync(explicit)) throw new Error(`CHROMIUM_PATH points at a missing file: ${explicit}`);
    return { executablePath: explicit, hasPopupBlocker: true };
  }
  for (const candidate of ['/usr/bin/chromium', '/usr/bin/chromium-browser']) {
    if (existsSync(candidate)) return { executablePath: candidate, hasPopupBlocker: true };
  }
  return bundledChromium();
}

async function bundledChromium(): Promise<ResolvedChromium> {
  const { default: chromium } = await import('@sparticuz/chromium');
  return { executablePath: await chromium.executablePath(), hasPopupBlocker: false };
}
