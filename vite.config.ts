import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { playwright } from '@vitest/browser-playwright';
import type { LaunchOptions } from 'playwright-core';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';
import { appProxyCommands } from './tests/gallery/browser/appProxy.ts';
import { corsGalleryCommands } from './tests/gallery/cors/support/corsQuirks.ts';
import { browserCommands } from './tests/support/browserCommands.ts';
import { CHROMIUM_ARGS, resolveChromium } from './tests/support/chromium.ts';
import { enterpriseBrowserCommands } from './tests/support/enterpriseBrowserCommands.ts';
import { OPTIMIZED_DEPS } from './tests/support/optimizedDeps.ts';

const { executablePath, hasPopupBlocker } = await resolveChromium();
if (!hasPopupBlocker) {
  // The popup-blocker tests need a full Chromium (`apt-get install chromium`, or CHROMIUM_PATH); `npm test`
  // installs one when it runs as root on Debian. Without it they are reported as skipped, never left out.
  console.warn('mcp-use tests: no full Chromium found; the browser-popup-blocker tests are skipped.');
}

/** A Vitest project whose tests run in a real Chromium, with Node-side commands to drive the test servers. */
function browserProject(
  name: string,
  include: string | string[],
  launch: LaunchOptions = {},
  provide: Record<string, unknown> = {},
): TestProjectInlineConfiguration {
  return {
    extends: true,
    test: {
      name,
      provide,
      include: [include].flat(),
      testTimeout: 30_000,
      hookTimeout: 60_000,
      browser: {
        enabled: true,
        headless: true,
        screenshotFailures: false,
        provider: playwright({ launchOptions: { executablePath, args: CHROMIUM_ARGS, ...launch } }),
        instances: [{ browser: 'chromium' }],
        commands: {
          ...browserCommands,
          ...corsGalleryCommands,
          ...appProxyCommands,
          ...enterpriseBrowserCommands,
        },
      },
    },
  };
}

export default defineConfig({
  plugins: [react()],
  // Pre-bundle everything the browser tests import so Vite never reloads the page mid-test.
  optimizeDeps: { include: [...OPTIMIZED_DEPS, 'vitest-browser-react'] },
  server: { host: '127.0.0.1' },
  // Samples import the package by name; tests run them against the sources.
  resolve: {
    alias: [
      { find: /^mcp-use\/react$/, replacement: fileURLToPath(new URL('./src/react.ts', import.meta.url)) },
      {
        find: /^mcp-use\/react\/apps$/,
        replacement: fileURLToPath(new URL('./src/react-apps.ts', import.meta.url)),
      },
      { find: /^mcp-use\/auth$/, replacement: fileURLToPath(new URL('./src/auth.ts', import.meta.url)) },
      { find: /^mcp-use\/proxy$/, replacement: fileURLToPath(new URL('./src/proxy.ts', import.meta.url)) },
      { find: /^mcp-use\/redis$/, replacement: fileURLToPath(new URL('./src/redis.ts', import.meta.url)) },
      { find: /^mcp-use$/, replacement: fileURLToPath(new URL('./src/index.ts', import.meta.url)) },
    ],
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: [
            'tests/unit/**/*.test.{ts,tsx}',
            'tests/integration/**/*.test.ts',
            'tests/redteam/**/*.test.ts',
            'tests/cli/**/*.test.ts',
            'tests/e2e/**/*.test.ts',
            'tests/gallery/*.test.ts',
            'tests/gallery/cors/**/*.test.ts',
          ],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          globalSetup: ['tests/cli/globalSetup.ts'],
        },
      },
      browserProject('browser', [
        'tests/browser/**/*.test.{ts,tsx}',
        'tests/gallery/browser/**/*.test.{ts,tsx}',
        'tests/gallery/cors/**/*.test.tsx',
      ]),
      // Playwright turns Chromium's popup blocker off; these tests need it on (and a Chromium that has one).
      browserProject(
        'browser-popup-blocker',
        'tests/browser-popup-blocker/**/*.test.{ts,tsx}',
        { ignoreDefaultArgs: ['--disable-popup-blocking'] },
        { popupBlocker: hasPopupBlocker },
      ),
    ],
  },
});
