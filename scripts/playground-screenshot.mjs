// Makes docs/playground.png, the README's picture of the inspector: starts `npm run playground` (its demo servers
// and the page), signs in to the OAuth demo server through its popup, calls a tool of server-everything through its
// generated form, and photographs the two panels side by side. Run it after a visible change of the playground:
//
//   node scripts/playground-screenshot.mjs
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const OUTPUT = fileURLToPath(new URL('../docs/playground.png', import.meta.url));
const STEP_TIMEOUT_MS = 30_000;

async function chromiumPath() {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  for (const path of ['/usr/bin/chromium', '/usr/bin/chromium-browser']) if (existsSync(path)) return path;
  const bundled = (await import('@sparticuz/chromium')).default;
  return bundled.executablePath();
}

const launcher = spawn(
  process.execPath,
  [fileURLToPath(new URL('../playground/start.mjs', import.meta.url))],
  {
    env: { ...process.env, PLAYGROUND_PORT: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
const stop = () => launcher.exitCode === null && launcher.kill('SIGTERM');
process.on('exit', stop);

const pageUrl = await new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error('the playground printed no URL within 90 s')), 90_000);
  createInterface({ input: launcher.stdout }).on('line', (line) => {
    const match = /^PLAYGROUND (\S+)/.exec(line);
    if (!match) return;
    clearTimeout(timer);
    resolve(match[1]);
  });
  launcher.once('exit', (code) => reject(new Error(`the playground exited early (${code})`)));
});

const browser = await chromium.launch({
  executablePath: await chromiumPath(),
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 960 }, deviceScaleFactor: 1 });
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  await page.goto(pageUrl);

  await page.getByRole('button', { name: 'server-everything' }).click();
  const everything = page.locator('section.panel', { hasText: 'server-everything' });
  await everything.locator('[data-tool-name="get-structured-content"]').click();
  const detail = everything.locator('[data-tool="get-structured-content"]');
  await detail.locator('#root_location').selectOption({ label: 'Chicago' });
  await detail.getByRole('button', { name: 'Call get-structured-content' }).click();
  await detail.getByTestId('tool-result').waitFor();

  await page.getByRole('button', { name: 'OAuth (popup)' }).click();
  const oauth = page.locator('section.panel', { hasText: 'OAuth (popup)' });
  const signIn = oauth.getByRole('button', { name: 'Sign in' });
  await signIn.waitFor();
  const [popup] = await Promise.all([page.waitForEvent('popup'), signIn.click()]);
  await popup.locator('input[name=login]').fill('ada');
  await popup.locator('input[name=password]').fill('any password');
  await Promise.all([popup.waitForURL(/interaction/), popup.locator('button[type=submit]').click()]);
  await popup.locator('button[type=submit]').click(); // consent
  await oauth.getByText('ready', { exact: true }).waitFor();
  await oauth.getByRole('tab', { name: 'Sign-in' }).click();
  await oauth.locator('[data-step="token"]').waitFor();

  await page.screenshot({ path: OUTPUT });
  console.log(`wrote ${OUTPUT}`);
} finally {
  await browser.close();
  stop();
}
