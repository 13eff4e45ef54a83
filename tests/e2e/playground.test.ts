// `npm run playground` end to end: the launcher starts its demo servers and the page, and a real Chromium signs in
// through the authorization server's real login and consent pages.
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, resolveChromium } from '../support/chromium';

let launcher: ChildProcess;
let pageUrl: string;
let browser: Browser;

/** Resolves with the playground URL once the launcher prints it (bounded). */
function waitForUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the playground printed no URL within 60 s')), 60_000);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const match = /^PLAYGROUND (\S+)/.exec(line);
      if (!match) return;
      clearTimeout(timer);
      resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`the playground exited early (${code})`)));
  });
}

beforeAll(async () => {
  launcher = spawn(process.execPath, ['playground/start.mjs'], {
    env: { ...process.env, PLAYGROUND_PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  pageUrl = await waitForUrl(launcher);
  const { executablePath } = await resolveChromium();
  browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
}, 90_000);

afterAll(async () => {
  await browser?.close();
  if (launcher && launcher.exitCode === null) {
    const exited = new Promise((resolve) => launcher.once('exit', resolve));
    launcher.kill('SIGTERM');
    await exited;
  }
});

describe('npm run playground', () => {
  it('serves the page: bearer scenario ready, OAuth scenarios waiting for sign-in, popup sign-in works', async () => {
    const page = await browser.newPage();
    await page.goto(pageUrl);
    const bearer = page.locator('section', { hasText: 'Bearer token' });
    await expect.poll(() => bearer.getByTestId('state').textContent(), { timeout: 30_000 }).toBe('ready');
    await page.getByRole('button', { name: 'Authenticate with OAuth' }).waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Sign in to continue' }).waitFor({ timeout: 30_000 });

    const [popup] = await Promise.all([
      page.waitForEvent('popup'),
      page.getByRole('button', { name: 'Authenticate with OAuth' }).click(),
    ]);
    await popup.locator('input[name=login]').fill('ada', { timeout: 15_000 });
    await popup.locator('input[name=password]').fill('any password');
    await Promise.all([popup.waitForURL(/interaction/), popup.locator('button[type=submit]').click()]);
    await popup.locator('button[type=submit]').click({ timeout: 15_000 }); // consent
    await page.getByText('Connected! 2 tools available').waitFor({ timeout: 30_000 });
    await page.close();
  });

  it('shows the MCP Apps scenario: the example server app renders, and a click inside it calls a tool', async () => {
    const page = await browser.newPage();
    await page.goto(pageUrl);
    const section = page.locator('section', { hasText: 'MCP Apps' });
    await expect.poll(() => section.getByTestId('state').textContent(), { timeout: 30_000 }).toBe('ready');
    const app = section.frameLocator('[data-mcp-app="get-time"] iframe').frameLocator('iframe');
    const time = app.getByText(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/).first();
    await time.waitFor({ timeout: 30_000 });
    const first = await time.textContent();
    await app.getByRole('button', { name: 'Get Server Time' }).click({ timeout: 15_000 });
    await expect.poll(() => time.textContent(), { timeout: 15_000 }).not.toBe(first);
    // The app's "Send Message" reaches the page's onMessage, which lists it as text.
    await app.getByRole('button', { name: 'Send Message' }).click({ timeout: 15_000 });
    await section
      .getByTestId('app-messages')
      .getByText(/^message: /)
      .waitFor({ timeout: 15_000 });
    await page.close();
  });
});
