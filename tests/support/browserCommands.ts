import type { BrowserCommand } from 'vitest/node';
import type { FrameLocator, Page } from 'playwright-core';
import {
  appsServerStats,
  type RunningAppServer,
  startAppsServer,
  startExampleAppServer,
  startSandboxProxy,
} from './appServers.ts';
import { type EverythingHttpTransport, type RunningEverything, startEverything } from './everythingServer.ts';
import { closeFixtureServer, fixtureOrigin } from './fixtureServer.ts';
import { type MetadataDocuments, startMetadataDocuments } from './metadataDocuments.ts';
import {
  type RunningAuthServer,
  type RunningOAuthMcpServer,
  type StartAuthServerOptions,
  type StartOAuthMcpServerOptions,
  startAuthServer,
  startOAuthMcpServer,
} from './oauthServers.ts';
import { type RunningServer, type ServerStats, type StartServerOptions, startServer } from './servers.ts';

/**
 * Node-side commands that browser tests call to start, stop and inspect the real MCP servers. Servers are
 * referred to by an id (their port) because a RunningServer cannot cross into the page.
 */
const running = new Map<string, RunningServer>();

/**
 * Which browser session started what: several browser projects run at once in this one Node process, and one
 * project's clean-up must not stop another's servers.
 */
const owners = new Map<string, string>();
const ownedBy = (ctx: { sessionId: string }, id: string) => owners.get(id) === ctx.sessionId;

function find(id: string): RunningServer {
  const server = running.get(id);
  if (!server) throw new Error(`No test server with id ${id}`);
  return server;
}

export interface ServerHandle {
  id: string;
  url: string;
  port: number;
}

const startMcpServer: BrowserCommand<[StartServerOptions]> = async (ctx, options): Promise<ServerHandle> => {
  const server = await startServer(options);
  const id = String(server.port);
  running.set(id, server);
  owners.set(id, ctx.sessionId);
  return { id, url: server.url, port: server.port };
};

const stopMcpServer: BrowserCommand<[string]> = async (_ctx, id) => {
  await find(id).stop();
};

const restartMcpServer: BrowserCommand<[string]> = async (_ctx, id) => {
  await find(id).restart();
};

const mcpServerStats: BrowserCommand<[string]> = async (_ctx, id): Promise<ServerStats> => find(id).stats();

const resetMcpServerStats: BrowserCommand<[string]> = async (_ctx, id) => {
  await find(id).resetStats();
};

const addMcpTool: BrowserCommand<[string, string]> = async (_ctx, id, name) => {
  await find(id).addTool(name);
};

const stopAllMcpServers: BrowserCommand<[]> = async (ctx) => {
  const mine = [...running.entries()].filter(([id]) => ownedBy(ctx, id));
  for (const [id] of mine) running.delete(id);
  await Promise.all(mine.map(([, server]) => server.stop()));
};

// ---- @modelcontextprotocol/server-everything, the protocol's reference server ----------------------------------

const everything = new Map<string, RunningEverything>();

const startEverythingServer: BrowserCommand<[EverythingHttpTransport]> = async (ctx, transport) => {
  const server = await startEverything(transport);
  const id = `everything-${server.pid}`;
  everything.set(id, server);
  owners.set(id, ctx.sessionId);
  return { id, url: server.url };
};

const stopEverythingServers: BrowserCommand<[]> = async (ctx) => {
  const mine = [...everything.entries()].filter(([id]) => ownedBy(ctx, id));
  for (const [id] of mine) everything.delete(id);
  await Promise.all(mine.map(([, server]) => server.stop()));
};

// ---- OAuth: a real authorization server (oidc-provider) and an MCP server that requires its tokens ----------

const authServers = new Map<string, RunningAuthServer>();
const oauthMcpServers = new Map<string, RunningOAuthMcpServer>();

function findAuthServer(id: string): RunningAuthServer {
  const server = authServers.get(id);
  if (!server) throw new Error(`No authorization server with id ${id}`);
  return server;
}

const startOAuthServer: BrowserCommand<[StartAuthServerOptions]> = async (ctx, options) => {
  const server = await startAuthServer(options);
  authServers.set(String(server.port), server);
  owners.set(String(server.port), ctx.sessionId);
  return { id: String(server.port), issuer: server.issuer };
};

const authServerStats: BrowserCommand<[string]> = async (_ctx, id) => findAuthServer(id).stats();

const revokeAllRefreshTokens: BrowserCommand<[string]> = async (_ctx, id) =>
  findAuthServer(id).revokeAllRefreshTokens();

const setAuthServerDeny: BrowserCommand<[string, boolean]> = async (_ctx, id, deny) => {
  await findAuthServer(id).setDeny(deny);
};

const setAuthServerAutoConsent: BrowserCommand<[string, boolean]> = async (_ctx, id, autoConsent) => {
  await findAuthServer(id).setAutoConsent(autoConsent);
};

const setAuthServerSubject: BrowserCommand<[string, string]> = async (_ctx, id, subject) => {
  await findAuthServer(id).setSubject(subject);
};

const startProtectedMcpServer: BrowserCommand<[StartOAuthMcpServerOptions]> = async (ctx, options) => {
  const server = await startOAuthMcpServer(options);
  oauthMcpServers.set(String(server.port), server);
  owners.set(String(server.port), ctx.sessionId);
  return { id: String(server.port), url: server.url };
};

const protectedMcpServerStats: BrowserCommand<[string]> = async (_ctx, id) => {
  const server = oauthMcpServers.get(id);
  if (!server) throw new Error(`No protected MCP server with id ${id}`);
  return server.stats();
};

/** Client ID Metadata Documents published on 127.0.0.1 for the authorization servers to fetch, by session. */
const documents = new Map<string, Promise<MetadataDocuments>>();

const publishClientMetadata: BrowserCommand<[string, string[]]> = async (ctx, name, redirectUris) => {
  if (!documents.has(ctx.sessionId)) documents.set(ctx.sessionId, startMetadataDocuments());
  return (await documents.get(ctx.sessionId)!).publish(name, redirectUris);
};

const stopOAuthServers: BrowserCommand<[]> = async (ctx) => {
  const stops: Promise<void>[] = [];
  const published = documents.get(ctx.sessionId);
  documents.delete(ctx.sessionId);
  if (published) stops.push(published.then((server) => server.close()));
  for (const map of [authServers, oauthMcpServers] as Map<string, { stop(): Promise<void> }>[]) {
    for (const [id, server] of [...map.entries()]) {
      if (!ownedBy(ctx, id)) continue;
      map.delete(id);
      stops.push(server.stop());
    }
  }
  await Promise.all(stops);
};

// ---- pages other than the test's own frame: sign-in popups and full app pages --------------------------------

const extraPages = (page: Page) =>
  page
    .context()
    .pages()
    .filter((p) => p !== page);

/** Closes every window except the one running the tests, as a user closing the sign-in popup would. */
const closePopups: BrowserCommand<[]> = async (ctx) => {
  const { page } = ctx as unknown as { page: Page };
  const popups = extraPages(page);
  await Promise.all(popups.map((p) => p.close()));
  return popups.length;
};

/** How many windows besides the test's own are open (sign-in popups). */
const openPopupCount: BrowserCommand<[]> = async (ctx) =>
  extraPages((ctx as unknown as { page: Page }).page).length;

const appPages = new Map<string, Page>();
/** What each app page printed, to explain a failure. */
const consoleOf = new WeakMap<Page, string[]>();
let pageCount = 0;
const POPUP_WAIT_MS = 10_000;

function register(ctx: { sessionId: string }, tab: Page): string {
  const messages: string[] = [];
  consoleOf.set(tab, messages);
  // The user answers every dialog with its cancel button: "Stay on page" for a page that asks before it is left.
  tab.on('dialog', (dialog) => {
    messages.push(`dialog: ${dialog.type()}`);
    void dialog.dismiss().catch(() => undefined);
  });
  tab.on('console', (message) => messages.push(`${message.type()}: ${message.text()}`));
  tab.on('pageerror', (error) => messages.push(`pageerror: ${error.message}`));
  tab.on('response', (response) => {
    if (response.status() >= 400) messages.push(`HTTP ${response.status()} ${response.url()}`);
  });
  const id = `page-${++pageCount}`;
  appPages.set(id, tab);
  owners.set(id, ctx.sessionId);
  return id;
}

/** Opens an app page from tests/browser/fixtures, served by a plain Vite dev server, in a new tab of this browser. */
const openAppPage: BrowserCommand<[string]> = async (ctx, path) => {
  const { page } = ctx as unknown as { page: Page };
  const tab = await page.context().newPage();
  const id = register(ctx, tab);
  // An absolute URL is opened as it is: a plain link to the authorization server, opened without an opener.
  await tab.goto(new URL(path, await fixtureOrigin()).href);
  return id;
};

/**
 * Waits (bounded) for a window that some page opened (a sign-in popup) and makes it an app page, so the other
 * app-page commands work on it; resolves with its id.
 */
const adoptPopup: BrowserCommand<[]> = async (ctx) => {
  const { page } = ctx as unknown as { page: Page };
  const known = new Set(appPages.values());
  const deadline = Date.now() + POPUP_WAIT_MS;
  for (;;) {
    const popup = extraPages(page).find((candidate) => !known.has(candidate));
    if (popup) return register(ctx, popup);
    if (Date.now() > deadline) throw new Error(`no popup opened within ${POPUP_WAIT_MS} ms`);
    await page
      .context()
      .waitForEvent('page', { timeout: Math.max(1, deadline - Date.now()) })
      .catch(() => undefined);
  }
};

/**
 * Runs, in the page `id`, what a hostile authorization page would try (reverse tabnabbing): send the window that
 * opened it somewhere else. Resolves with `no-opener` when it has no reference to that window.
 */
const navigateOpenerFrom: BrowserCommand<[string, string]> = async (_ctx, id, url) =>
  findPage(id).evaluate((target) => {
    if (!window.opener) return 'no-opener';
    window.opener.location.href = target;
    return 'navigated';
  }, url);

/** The origin the app pages are served from. */
const appOrigin: BrowserCommand<[]> = async () => fixtureOrigin();

function findPage(id: string): Page {
  const tab = appPages.get(id);
  if (!tab) throw new Error(`No app page ${id}`);
  return tab;
}

/** One record of the OAuth engine's IndexedDB store in an app page (its origin is not the test page's). */
const appPageStoreRecord: BrowserCommand<[string, string]> = async (_ctx, id, key) =>
  findPage(id).evaluate(
    (wanted) =>
      new Promise<unknown>((resolve, reject) => {
        const opened = indexedDB.open('mcp-use-auth');
        opened.onerror = () => reject(opened.error);
        opened.onsuccess = () => {
          const read = opened.result.transaction('keyval').objectStore('keyval').get(wanted);
          read.onerror = () => reject(read.error);
          read.onsuccess = () => resolve(read.result);
        };
      }),
    key,
  );

/** Clicks the first button with this text, as a user would (a real input event, so it counts as a gesture). */
const clickInAppPage: BrowserCommand<[string, string]> = async (_ctx, id, text) => {
  await findPage(id).getByRole('button', { name: text }).first().click({ timeout: 10_000 });
};

/**
 * Clicks the first link with this text, as a user would, and resolves with the id of the tab it opened (a link
 * with `target="_blank"` opens without an opener).
 */
const followLinkInAppPage: BrowserCommand<[string, string]> = async (ctx, id, text) => {
  const tab = findPage(id);
  const [opened] = await Promise.all([
    tab.context().waitForEvent('page', { timeout: POPUP_WAIT_MS }),
    tab.getByRole('link', { name: text }).first().click({ timeout: 10_000 }),
  ]);
  return register(ctx, opened);
};

/** Waits (bounded) until the page shows this text somewhere, then returns its URL. */
const waitForTextInAppPage: BrowserCommand<[string, string]> = async (_ctx, id, text) => {
  const tab = findPage(id);
  try {
    await tab.getByText(text, { exact: false }).first().waitFor({ timeout: 20_000 });
  } catch (error) {
    const body = `${tab.url()} ${(await tab.content().catch(() => '')).slice(0, 600)}`;
    const printed = (consoleOf.get(tab) ?? []).slice(-10).join('\n');
    throw new Error(`${(error as Error).message}\npage shows: ${body}\nconsole:\n${printed}`);
  }
  return tab.url();
};

const appPageInfo: BrowserCommand<[string]> = async (_ctx, id) => {
  const tab = findPage(id);
  return {
    url: tab.url(),
    text: (await tab.locator('body').textContent({ timeout: 5_000 })) ?? '',
    images: await tab.locator('img').count(),
    console: consoleOf.get(tab) ?? [],
  };
};

const reloadAppPage: BrowserCommand<[string]> = async (_ctx, id) => {
  await findPage(id).reload();
};

const gotoInAppPage: BrowserCommand<[string, string]> = async (_ctx, id, url) => {
  await findPage(id).goto(url);
};

const closeAppPages: BrowserCommand<[]> = async (ctx) => {
  const mine = [...appPages.entries()].filter(([id]) => ownedBy(ctx, id));
  for (const [id] of mine) appPages.delete(id);
  await Promise.all(mine.map(([, tab]) => tab.close().catch(() => undefined)));
  // The app pages' dev server would keep the test process alive; it starts again on demand.
  if (appPages.size === 0) await closeFixtureServer();
};

// ---- MCP Apps: app servers, the sandbox proxy, and the frames <McpApp> renders -------------------------------

const appServers = new Map<string, RunningAppServer>();

function trackAppServer(ctx: { sessionId: string }, server: RunningAppServer) {
  const id = `app-${server.port}`;
  appServers.set(id, server);
  owners.set(id, ctx.sessionId);
  return { id, url: server.url, port: server.port };
}

const startMcpAppsServer: BrowserCommand<[{ legacy?: boolean }]> = async (ctx, options) =>
  trackAppServer(ctx, await startAppsServer(options));

const startMcpExampleAppServer: BrowserCommand<[string]> = async (ctx, name) =>
  trackAppServer(ctx, await startExampleAppServer(name));

const startMcpSandboxProxy: BrowserCommand<[]> = async (ctx) =>
  trackAppServer(ctx, await startSandboxProxy());

const mcpAppsServerStats: BrowserCommand<[number]> = async (_ctx, port) => appsServerStats(port);

const stopAppServers: BrowserCommand<[]> = async (ctx) => {
  const mine = [...appServers.entries()].filter(([id]) => ownedBy(ctx, id));
  for (const [id] of mine) appServers.delete(id);
  await Promise.all(mine.map(([, server]) => server.stop()));
};

/** The app's own document: the inner frame of the sandbox proxy frame that <McpApp data-mcp-app=tool> renders. */
const appFrame = (ctx: { iframe: FrameLocator }, tool: string) =>
  ctx.iframe.frameLocator(`[data-mcp-app="${tool}"] iframe`).frameLocator('iframe');

/**
 * Presses a button inside an MCP App with the keyboard, as a user would: real key events in the app's
 * cross-origin frame. (A mouse click has to be hit-tested through Vitest's scaled test frame and two nested
 * frames, which Playwright gets wrong: it reports the frame's <html> as covering the button.)
 */
const clickInMcpApp: BrowserCommand<[string, string]> = async (ctx, tool, name) => {
  await appFrame(ctx, tool).getByRole('button', { name }).press('Enter', { timeout: 15_000 });
};

/**
 * Waits (bounded) until the MCP App (or, with `layer` 'proxy', the sandbox proxy page around it) shows text
 * matching `pattern`, and returns the element's text.
 */
const waitForTextInMcpApp: BrowserCommand<[string, string, ('app' | 'proxy')?]> = async (
  ctx,
  tool,
  pattern,
  layer = 'app',
) => {
  const frame =
    layer === 'app' ? appFrame(ctx, tool) : ctx.iframe.frameLocator(`[data-mcp-app="${tool}"] iframe`);
  const locator = frame.getByText(new RegExp(pattern)).first();
  await locator.waitFor({ timeout: 15_000 });
  return (await locator.textContent()) ?? '';
};

export const browserCommands = {
  startMcpServer,
  stopMcpServer,
  restartMcpServer,
  mcpServerStats,
  resetMcpServerStats,
  addMcpTool,
  stopAllMcpServers,
  startEverythingServer,
  stopEverythingServers,
  startOAuthServer,
  authServerStats,
  revokeAllRefreshTokens,
  setAuthServerDeny,
  setAuthServerAutoConsent,
  setAuthServerSubject,
  startProtectedMcpServer,
  protectedMcpServerStats,
  publishClientMetadata,
  stopOAuthServers,
  closePopups,
  openPopupCount,
  openAppPage,
  appPageStoreRecord,
  adoptPopup,
  navigateOpenerFrom,
  appOrigin,
  clickInAppPage,
  followLinkInAppPage,
  waitForTextInAppPage,
  appPageInfo,
  reloadAppPage,
  gotoInAppPage,
  closeAppPages,
  startMcpAppsServer,
  startMcpExampleAppServer,
  startMcpSandboxProxy,
  mcpAppsServerStats,
  stopAppServers,
  clickInMcpApp,
  waitForTextInMcpApp,
};
