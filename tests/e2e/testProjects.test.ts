// CI is judged by one summary line summed over every runner: a project that cannot run on this machine must be
// counted (as skipped), never dropped from the run.
import { afterEach, expect, it, vi } from 'vitest';

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

async function projects(): Promise<{ name?: string; provide?: Record<string, unknown> }[]> {
  const { default: config } = await import('../../vite.config.ts');
  return (config.test?.projects ?? []).map((project) => {
    const test = (project as { test?: { name?: string; provide?: Record<string, unknown> } }).test;
    return {
      ...(test?.name ? { name: test.name } : {}),
      ...(test?.provide ? { provide: test.provide } : {}),
    };
  });
}

it('keeps the popup-blocker project when the Chromium has no popup blocker, telling its tests to skip', async () => {
  vi.stubEnv('MCP_USE_TEST_CHROMIUM', 'bundled');
  const blocker = (await projects()).find((project) => project.name === 'browser-popup-blocker');
  expect(blocker?.provide).toEqual({ popupBlocker: false });
});

it('always has the same three projects, whatever Chromium the machine has', async () => {
  for (const chromium of ['bundled', '']) {
    vi.stubEnv('MCP_USE_TEST_CHROMIUM', chromium);
    vi.resetModules();
    expect((await projects()).map((project) => project.name)).toEqual([
      'node',
      'browser',
      'browser-popup-blocker',
    ]);
  }
});
