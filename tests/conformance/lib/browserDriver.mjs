// Runs the browser client under test: one Chromium for the whole run, a fresh browser context (its own
// IndexedDB, so its own tokens) per scenario. The app page (page/app.tsx, useMcp) and its OAuth callback page
// (page/callback.tsx, onMcpAuthorization) are served from 127.0.0.1; the suite's servers are reached through the
// CORS-adding forward proxy (corsProxy.mjs), so the page talks to them cross-origin as a deployed app would.
//
// The suite runs `node browser-client.mjs <server url>` per scenario; that command asks this driver (over a
// loopback control endpoint) to run the scenario and reports the outcome as its exit code.
//
// A scenario with a pre-registered confidential client (a `client_secret` in its context) runs as such an app
// must: the page gets the client id only, and its OAuth requests go through the app's proxy (mcp-use/proxy,
// bundled from src/ by build.mjs), mounted on the page server with the secret.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { dirname, join } from 'node:path';
import { chromium } from 'playwright-core';
import { startCorsProxy } from './corsProxy.mjs';

const LOOPBACK = '127.0.0.1';
/** Below the suite's 30 s per-scenario timeout, so the browser-client command ends first. */
export const SCENARIO_TIMEOUT_MS = 25_000;
/** "Sign in" clicks per scenario: the first sign-in plus step-ups; the engine gives up on step-up before this. */
const MAX_SIGN_INS = 4;
const CALLBACK_PATH = '/callback';

const html = (script, title) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head>` +
  `<body><div id="root"></div><script type="module" src="/${script}"></script></body></html>`;

/** Serves the two pages and their bundles, and the scenarios' proxies under /proxy/<n>; nothing else. */
async function startPageServer(pageDir) {
  const { toNodeHandler } = await import(join(dirname(pageDir), 'proxy.mjs'));
  const proxies = new Map();
  const files = {
    '/': { type: 'text/html', body: html('app.js', 'mcp-use conformance client') },
    [CALLBACK_PATH]: { type: 'text/html', body: html('callback.js', 'OAuth callback') },
    '/app.js': { type: 'text/javascript', body: readFileSync(join(pageDir, 'app.js')) },
    '/callback.js': { type: 'text/javascript', body: readFileSync(join(pageDir, 'callback.js')) },
  };
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://page').pathname;
    const proxy = proxies.get(path);
    if (proxy) return void proxy(req, res);
    const file = files[path];
    if (!file) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': `${file.type}; charset=utf-8`, 'cache-control': 'no-store' });
    res.end(file.body);
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, LOOPBACK, resolve);
  });
  let mounted = 0;
  return {
    origin: `http://${LOOPBACK}:${server.address().port}`,
    /** Mounts `handler` (a Web-standard proxy handler); resolves its path on this origin. */
    mountProxy: (handler) => {
      const path = `/proxy/${++mounted}`;
      proxies.set(path, toNodeHandler(handler));
      return path;
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * Plays one scenario in a fresh context: opens the app, clicks "Sign in" whenever it is offered (bounded), and
 * waits for the page's outcome.
 */
/**
 * The proxy of a scenario whose context holds a client secret: allowed the scenario's MCP server and its
 * authorization server (found the way a developer setting up the proxy would, from the server's metadata), with
 * the client's secret in the client authentication method that server offers.
 */
async function scenarioProxy(pageDir, request) {
  const { client_id: clientId, client_secret: clientSecret } = request.context ?? {};
  if (typeof clientSecret !== 'string' || typeof clientId !== 'string') return undefined;
  const { createProxyHandler } = await import(join(dirname(pageDir), 'proxy.mjs'));
  const server = new URL(request.serverUrl);
  const json = async (url) => (await fetch(url, { signal: AbortSignal.timeout(5_000) })).json();
  const resource = await json(new URL(`/.well-known/oauth-protected-resource${server.pathname}`, server));
  const issuer = new URL(resource.authorization_servers[0]);
  const metadata = await json(
    new URL(`/.well-known/oauth-authorization-server${issuer.pathname.replace(/\/$/, '')}`, issuer),
  );
  const methods = metadata.token_endpoint_auth_methods_supported ?? [];
  return createProxyHandler({
    allowedHosts: [server.host, issuer.host],
    // The suite's servers listen on this machine over plain http.
    allowPrivateNetwork: true,
    allowHttp: true,
    clients: {
      [issuer.host]: {
        clientId,
        clientSecret,
        tokenEndpointAuthMethod: methods.includes('client_secret_basic')
          ? 'client_secret_basic'
          : 'client_secret_post',
      },
    },
  });
}

async function playScenario(browser, pages, pageDir, request) {
  const pageOrigin = pages.origin;
  const lines = [];
  const context = await browser.newContext();
  const watch = (page, label) => {
    page.on('console', (message) => lines.push(`${label}${message.text()}`));
    page.on('pageerror', (error) => lines.push(`${label}page error: ${error.message}`));
  };
  const deadline = Date.now() + SCENARIO_TIMEOUT_MS;
  const remaining = () => Math.max(1, deadline - Date.now());
  try {
    const page = await context.newPage();
    watch(page, '');
    page.on('popup', (popup) => {
      lines.push('[driver] popup opened');
      watch(popup, '[popup] ');
      popup.on('framenavigated', (frame) => {
        if (frame === popup.mainFrame()) lines.push(`[popup] at ${new URL(frame.url()).pathname}`);
      });
      popup.on('close', () => lines.push('[driver] popup closed'));
    });
    const config = {
      serverUrl: request.serverUrl,
      scenario: request.scenario,
      context: request.context ?? {},
      ...(request.clientMetadataUrl ? { clientMetadataUrl: request.clientMetadataUrl } : {}),
    };
    const proxy = await scenarioProxy(pageDir, request);
    if (proxy) {
      config.oauthProxyUrl = `${pageOrigin}${pages.mountProxy(proxy)}`;
      const { client_secret: _inTheBackend, ...pageContext } = config.context;
      config.context = pageContext;
      lines.push('[driver] the client secret is in the page server proxy');
    }
    await page.goto(`${pageOrigin}/?config=${encodeURIComponent(JSON.stringify(config))}`, {
      timeout: remaining(),
    });
    for (let signIns = 0; ; ) {
      const shown = await page.waitForSelector('#outcome, #sign-in', { timeout: remaining() });
      if ((await shown.getAttribute('id')) === 'outcome') break;
      if (++signIns > MAX_SIGN_INS) throw new Error(`still asked to sign in after ${MAX_SIGN_INS} sign-ins`);
      lines.push(`[driver] clicking "Sign in" (${signIns})`);
      await shown.click({ timeout: remaining() });
      await page.waitForSelector('#sign-in', { state: 'detached', timeout: remaining() });
    }
    const outcome = page.locator('#outcome');
    const ok = (await outcome.getAttribute('data-ok')) === 'true';
    const text = await outcome.textContent();
    lines.push(`[driver] outcome: ${text}`);
    return { ok, log: lines };
  } catch (error) {
    lines.push(`[driver] ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    return { ok: false, log: lines };
  } finally {
    await context.close().catch(() => undefined);
  }
}

function readJson(req) {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      try {
        resolve(JSON.parse(body));
      } catch (error) {
        reject(error);
      }
    });
    req.on('error', reject);
  });
}

/**
 * Starts the page server, the CORS proxy, Chromium and the control endpoint.
 * @param {{ pageDir: string, executablePath: string, args: string[] }} options
 */
export async function startBrowserDriver({ pageDir, executablePath, args }) {
  const pages = await startPageServer(pageDir);
  const proxy = await startCorsProxy();
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    // `<-loopback>` removes Chromium's implicit proxy bypass for localhost / 127.0.0.1, where everything here lives.
    args: [...args, `--proxy-server=${proxy.url}`, '--proxy-bypass-list=<-loopback>'],
    timeout: 60_000,
  });
  const control = http.createServer((req, res) => {
    if (req.method !== 'POST' || req.url !== '/run') return void res.writeHead(404).end();
    readJson(req)
      .then((request) => playScenario(browser, pages, pageDir, request))
      .then(
        (result) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result)),
        (error) => res.writeHead(400).end(String(error)),
      );
  });
  await new Promise((resolve, reject) => {
    control.once('error', reject);
    control.listen(0, LOOPBACK, resolve);
  });
  return {
    url: `http://${LOOPBACK}:${control.address().port}`,
    pageOrigin: pages.origin,
    proxyRequests: proxy.requests,
    close: async () => {
      await new Promise((resolve) => {
        control.close(() => resolve());
        control.closeAllConnections();
      });
      await browser.close().catch(() => undefined);
      await Promise.all([proxy.close(), pages.close()]);
    },
  };
}
