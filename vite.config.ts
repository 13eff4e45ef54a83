import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import { browserCommands } from './tests/support/browserCommands.ts';
import { CHROMIUM_ARGS, resolveChromium } from './tests/support/chromium.ts';

const { executablePath, hasPopupBlocker } = await resolveChromium();
if (!hasPopupBlocker) {
  // The popup-blocker tests need a full Chromium (`apt-get install chromium`, or CHROMIUM_PATH); .ci/run installs one.
  console.warn('mcp-use tests: no full Chromium found; the browser-popup-blocker project will not run.');
}

export default defineConfig({
  plugins: [react()],
  // Pre-bundle everything the browser tests import so Vite never reloads the page mid-test.
  optimizeDeps: {
    include: [
      'react',
      'react-dom',
      'react-dom/client',
      'react/jsx-dev-runtime',
      '@modelcontextprotocol/client',
      'idb-keyval',
      'oauth4webapi',
      'vitest-browser-react',
    ],
  },
  server: { host: '127.0.0.1' },
  // Samples import the package by name; tests run them against the sources.
  resolve: {
    alias: [
      { find: /^mcp-use\/react$/, replacement: fileURLToPath(new URL('./src/react.ts', import.meta.url)) },
      { find: /^mcp-use\/auth$/, replacement: fileURLToPath(new URL('./src/auth.ts', import.meta.url)) },
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
            'tests/cli/**/*.test.ts',
          ],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['tests/browser/**/*.test.{ts,tsx}'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          browser: {
            enabled: true,
            headless: true,
            screenshotFailures: false,
            provider: playwright({ launchOptions: { executablePath, args: CHROMIUM_ARGS } }),
            instances: [{ browser: 'chromium' }],
            commands: browserCommands,
          },
        },
      },
      ...(hasPopupBlocker
        ? [
            {
              extends: true as const,
              test: {
                name: 'browser-popup-blocker',
                include: ['tests/browser-popup-blocker/**/*.test.{ts,tsx}'],
                testTimeout: 30_000,
                hookTimeout: 60_000,
                browser: {
                  enabled: true,
                  headless: true,
                  screenshotFailures: false,
                  provider: playwright({
                    launchOptions: {
                      executablePath,
                      args: CHROMIUM_ARGS,
                      // Playwright disables Chromium's popup blocker; these tests need it on.
                      ignoreDefaultArgs: ['--disable-popup-blocking'],
                    },
                  }),
                  instances: [{ browser: 'chromium' }],
                  commands: browserCommands,
                },
              },
            },
          ]
        : []),
    ],
  },
});
