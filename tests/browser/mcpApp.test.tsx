// <McpApp> in Chromium against real servers: the MCP Apps example servers published on npm, our apps test server
// (tests/servers/apps-server.mjs, with a well-behaved and a hostile app) and the OAuth stack. Every app runs behind
// the sandbox proxy page served from its own 127.0.0.1 port, another origin than this page's.
import { StrictMode } from 'react';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { commands } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import type { LogEntry } from '../../src/core/types';
import { type UseMcpOptions, type UseMcpResult, useMcp } from '../../src/react';
import { McpApp, type McpAppProps } from '../../src/react-apps';
import { clearAuthStorage } from './support/authStorage';
import { mount as mountSignIn, READY, signIn } from './support/oauthHarness';

const SECRET = 'host-secret-that-no-app-may-read';
let sandboxUrl: string;

beforeAll(async () => {
  sandboxUrl = (await commands.startMcpSandboxProxy()).url;
});
afterEach(async () => {
  await commands.closePopups();
  await commands.stopOAuthServers();
});
afterAll(async () => {
  await commands.stopAppServers();
});

interface Sink {
  mcp: UseMcpResult | undefined;
  /** What the app told the host through ui/update-model-context, newest last. */
  contexts: unknown[];
  links: string[];
  errors: unknown[];
  logs: LogEntry[];
}

type AppProps = Omit<McpAppProps, 'mcp' | 'sandbox'> & { sandbox?: string };

function Host(props: { options: UseMcpOptions; app: AppProps; sink: Sink }) {
  const { sink } = props;
  const mcp = useMcp({ ...props.options, onLog: (entry) => sink.logs.push(entry) });
  sink.mcp = mcp;
  return (
    <section>
      <output data-testid="state">{mcp.state}</output>
      <McpApp
        mcp={mcp}
        sandbox={sandboxUrl}
        onModelContextUpdate={(context) => {
          sink.contexts.push(context.structuredContent);
        }}
        onOpenLink={(url) => {
          sink.links.push(url.href);
        }}
        onError={(error) => {
          sink.errors.push(error);
        }}
        {...props.app}
      />
    </section>
  );
}

/** Renders useMcp + <McpApp> in StrictMode, as apps do in development; `update` re-renders with other props. */
async function show(options: UseMcpOptions, app: AppProps) {
  const sink: Sink = { mcp: undefined, contexts: [], links: [], errors: [], logs: [] };
  const tree = (next: AppProps) => (
    <StrictMode>
      <Host options={options} app={next} sink={sink} />
    </StrictMode>
  );
  const screen = await render(tree(app));
  return { sink, screen, update: (next: AppProps) => screen.rerender(tree(next)) };
}

const proxyFrame = (tool: string) =>
  document.querySelector<HTMLIFrameElement>(`[data-mcp-app="${tool}"] iframe`) ?? undefined;

interface ProbeEvent {
  method: string;
  params: Record<string, unknown>;
}
const probeEvents = (sink: Sink): ProbeEvent[] =>
  ((sink.contexts.at(-1) as { events?: ProbeEvent[] } | undefined)?.events ?? []).slice();
const methods = (sink: Sink) => probeEvents(sink).map((event) => event.method);

async function appsServer(options: { legacy?: boolean } = {}) {
  return commands.startMcpAppsServer(options);
}

describe('the MCP Apps example servers from npm', () => {
  it('shows server-basic-react: its Get Server Time button calls get-time through the connection', async () => {
    const server = await commands.startMcpExampleAppServer('server-basic-react');
    const { sink } = await show({ url: server.url, apps: true }, { tool: 'get-time', input: {} });
    await expect.poll(() => sink.mcp?.state, READY).toBe('ready');
    const time = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/.source;
    // The result of the call <McpApp> made is shown first…
    const first = await commands.waitForTextInMcpApp('get-time', time);
    // …then a click inside the app calls the tool again, from the app, and shows the new time.
    await commands.clickInMcpApp('get-time', 'Get Server Time');
    await expect.poll(() => commands.waitForTextInMcpApp('get-time', time), READY).not.toBe(first);
    expect(sink.errors).toEqual([]);
  });

  it('shows server-budget-allocator with the data of its tool result', async () => {
    const server = await commands.startMcpExampleAppServer('server-budget-allocator');
    const { sink } = await show({ url: server.url, apps: true }, { tool: 'get-budget-data', input: {} });
    await expect.poll(() => sink.mcp?.state, READY).toBe('ready');
    expect(await commands.waitForTextInMcpApp('get-budget-data', 'Allocated: \\$[1-9]')).toMatch(
      /\/ \$[1-9]/,
    );
    expect(sink.errors).toEqual([]);
  });
});

describe('<McpApp> feeds the app its tool call', () => {
  it('sends partial input, then the input, then the result of the one call it makes, and the host context', async () => {
    const server = await appsServer();
    const { sink, update } = await show(
      { url: server.url, apps: true },
      { tool: 'probe', partialInput: { city: 'Par' }, theme: 'dark', locale: 'fr-FR' },
    );
    await expect
      .poll(() => methods(sink), READY)
      .toEqual(['initialized', 'ui/notifications/tool-input-partial']);
    const [initialized, partial] = probeEvents(sink);
    expect(initialized?.params).toMatchObject({
      hostContext: { theme: 'dark', locale: 'fr-FR', platform: 'web', toolInfo: { tool: { name: 'probe' } } },
      hostCapabilities: { openLinks: {}, serverTools: {}, updateModelContext: {} },
    });
    expect(partial?.params).toEqual({ arguments: { city: 'Par' } });

    await update({ tool: 'probe', partialInput: { city: 'Paris' }, theme: 'dark', locale: 'fr-FR' });
    await update({ tool: 'probe', input: { city: 'Paris', days: 3 }, theme: 'light', locale: 'fr-FR' });
    await expect
      .poll(() => methods(sink), READY)
      .toEqual([
        'initialized',
        'ui/notifications/tool-input-partial',
        'ui/notifications/tool-input-partial',
        'ui/notifications/host-context-changed',
        'ui/notifications/tool-input',
        'ui/notifications/tool-result',
      ]);
    const events = probeEvents(sink);
    expect(events[3]?.params).toEqual({ theme: 'light' });
    expect(events[4]?.params).toEqual({ arguments: { city: 'Paris', days: 3 } });
    expect(events[5]?.params).toMatchObject({
      content: [{ type: 'text', text: 'probe ran with {"city":"Paris","days":3}' }],
    });
    // StrictMode mounted everything twice: the server still saw one call.
    expect((await commands.mcpAppsServerStats(server.port)).calls.probe).toBe(1);
    // The probe reported a 222 px high document; the frame follows (SEP-1865 "Container Dimensions").
    expect(proxyFrame('probe')?.style.height).toBe('222px');
  });

  it('shows a call already made without calling the tool', async () => {
    const server = await appsServer();
    const result = { content: [{ type: 'text' as const, text: 'made earlier' }] };
    const { sink } = await show({ url: server.url, apps: true }, { tool: 'probe', input: { x: 1 }, result });
    await expect
      .poll(() => methods(sink), READY)
      .toEqual(['initialized', 'ui/notifications/tool-input', 'ui/notifications/tool-result']);
    expect(probeEvents(sink)[2]?.params).toMatchObject(result);
    expect((await commands.mcpAppsServerStats(server.port)).calls.probe).toBeUndefined();
  });

  it('aborts its call and tells the app when the call is cancelled', async () => {
    const server = await appsServer();
    const { sink, update } = await show(
      { url: server.url, apps: true },
      { tool: 'slow_probe', input: { ms: 8_000 } },
    );
    await expect.poll(() => methods(sink), READY).toEqual(['initialized', 'ui/notifications/tool-input']);
    await update({ tool: 'slow_probe', input: { ms: 8_000 }, cancelled: 'stopped by the user' });
    await expect
      .poll(() => methods(sink), READY)
      .toEqual(['initialized', 'ui/notifications/tool-input', 'ui/notifications/tool-cancelled']);
    expect(probeEvents(sink)[2]?.params).toEqual({ reason: 'stopped by the user' });
    expect((await commands.mcpAppsServerStats(server.port)).calls.slow_probe).toBe(1);
  });
});

describe('the app talks to its server through the page connection', () => {
  it('hides app-only tools from tools, and the app may still call them from a click', async () => {
    const server = await appsServer();
    const { sink } = await show({ url: server.url, apps: true }, { tool: 'probe', input: {} });
    await expect.poll(() => sink.mcp?.state, READY).toBe('ready');
    const names = sink.mcp?.tools.map((tool) => tool.name) ?? [];
    expect(names).toContain('model_only');
    expect(names).not.toContain('app_echo');
    await commands.clickInMcpApp('probe', 'Call app_echo');
    expect(await commands.waitForTextInMcpApp('probe', 'app says')).toBe('app says: from the app');
    expect((await commands.mcpAppsServerStats(server.port)).calls.app_echo).toBe(1);
  });

  it("answers the app's list and prompt requests through the connection", async () => {
    const server = await appsServer();
    const { sink } = await show({ url: server.url, apps: true }, { tool: 'probe', result: { content: [] } });
    await expect.poll(() => methods(sink), READY).toContain('ui/notifications/tool-result');
    await commands.clickInMcpApp('probe', 'List the server');
    expect(await commands.waitForTextInMcpApp('probe', '^listed: ')).toBe(
      'listed: ui://test/probe.html ui://test/hostile.html test://public | test://items/{id} | greet | Hello, Ada!',
    );
  });

  it('switches display mode only to modes the page offers, through onRequestDisplayMode', async () => {
    const server = await appsServer();
    const asked: string[] = [];
    const { sink } = await show(
      { url: server.url, apps: true },
      {
        tool: 'probe',
        result: { content: [] },
        displayMode: 'inline',
        availableDisplayModes: ['inline', 'fullscreen'],
        onRequestDisplayMode: (mode) => {
          asked.push(mode);
          return mode;
        },
      },
    );
    await expect.poll(() => methods(sink), READY).toContain('ui/notifications/tool-result');
    await commands.clickInMcpApp('probe', 'Go fullscreen');
    expect(await commands.waitForTextInMcpApp('probe', '^asked fullscreen')).toBe(
      'asked fullscreen, now fullscreen',
    );
    await commands.clickInMcpApp('probe', 'Go pip');
    expect(await commands.waitForTextInMcpApp('probe', '^asked pip')).toBe('asked pip, now inline');
    expect(asked).toEqual(['fullscreen']);
  });

  it('lists app-only tools when the page asks for them', async () => {
    const server = await appsServer();
    const { sink } = await show(
      { url: server.url, apps: { hideAppOnlyTools: false } },
      { tool: 'probe', result: { content: [] } },
    );
    await expect.poll(() => sink.mcp?.tools.map((tool) => tool.name), READY).toContain('app_echo');
  });
});

describe('a hostile app', () => {
  beforeEach(() => {
    localStorage.setItem('mcp-use-test-secret', SECRET);
  });
  afterEach(() => {
    localStorage.removeItem('mcp-use-test-secret');
  });

  it('reaches neither the page, its storage, nor anything its server does not declare', async () => {
    const server = await appsServer();
    const title = document.title;
    const { sink } = await show({ url: server.url, apps: true }, { tool: 'hostile', input: {} });
    await expect.poll(() => (sink.contexts.at(-1) as { done?: boolean } | undefined)?.done, READY).toBe(true);
    const report = sink.contexts.at(-1) as Record<string, string>;

    // The page: its DOM, storage and cookies are another origin's (the app's own origin is opaque).
    expect(report).toMatchObject({
      parentDocument: 'blocked: SecurityError',
      topDocument: 'blocked: SecurityError',
      topWrite: 'blocked: SecurityError',
      topLocalStorage: 'blocked: SecurityError',
      ownLocalStorage: 'blocked: SecurityError',
      indexedDB: 'blocked: SecurityError',
      cookie: 'blocked: SecurityError',
      popup: 'allowed: null',
    });
    expect(JSON.stringify(report)).not.toContain(SECRET);
    expect(document.title).toBe(title);
    expect(window.location.href).not.toContain('example.com');
    expect(report.referrer).toBe('');

    // CSP from _meta.ui.csp: the declared origin is reachable, another is not; the bogus entries were dropped.
    expect(report.fetchDeclared).toBe('allowed: 200');
    expect(report.fetchUndeclared).toBe('blocked: TypeError');
    expect(sink.logs.map((entry) => entry.message).join('\n')).toMatch(
      /ignored connectDomains: "'unsafe-eval'"/,
    );
    // Permissions: it asked for the camera and the clipboard; the page allows neither.
    expect(proxyFrame('hostile')?.getAttribute('allow')).toBeNull();
    expect(report.features).toBe('');

    // Requests: a model-only tool, an unknown tool and an undeclared resource are refused; declared ones work.
    expect(report.modelOnlyTool).toMatch(/^error: .*not visible to apps/);
    expect(report.unknownTool).toMatch(/^error: /);
    expect(report.appTool).toBe('ok');
    expect(report.secretResource).toMatch(/^error: .*does not declare/);
    expect(report.publicResource).toBe('ok');
    expect(report.templateResource).toBe('ok');
    // Links: only https, http and mailto reach the page's onOpenLink.
    expect(report).toMatchObject({
      'link javascript': 'isError',
      'link data': 'isError',
      'link file': 'isError',
      'link https': 'ok',
      'link mailto': 'ok',
      message: 'isError',
      download: 'isError',
    });
    expect(sink.links).toEqual(['https://example.com/ok', 'mailto:ada@example.com']);

    // The server saw the one call made through the bridge, and nothing the app posted around the proxy.
    const stats = await commands.mcpAppsServerStats(server.port);
    expect(stats.calls).toMatchObject({ 'record_call:bridge': 1 });
    expect(stats.calls['record_call:direct']).toBeUndefined();
    expect(stats.calls.model_only).toBeUndefined();
    expect(stats.reads['secret://token']).toBeUndefined();

    // Its last move is to leave its document: the proxy takes its frame down.
    expect(await commands.waitForTextInMcpApp('hostile', 'navigated away', 'proxy')).toMatch(/was closed/);
  });

  it('gets only the permissions it asked for that the page allows', async () => {
    const server = await appsServer();
    const { sink } = await show(
      { url: server.url, apps: true },
      { tool: 'hostile', input: {}, permissions: ['clipboardWrite', 'geolocation'] },
    );
    await expect.poll(() => (sink.contexts.at(-1) as { done?: boolean } | undefined)?.done, READY).toBe(true);
    // The proxy frame may delegate what the page allows; the app's frame gets what it asked for among those.
    expect(proxyFrame('hostile')?.getAttribute('allow')).toBe('geolocation; clipboard-write');
    expect((sink.contexts.at(-1) as { features: string }).features).toBe('clipboard-write');
  });

  it('cannot pass messages to the bridge from another window or with another origin', async () => {
    const server = await appsServer();
    const { sink } = await show({ url: server.url, apps: true }, { tool: 'probe', result: { content: [] } });
    await expect.poll(() => methods(sink), READY).toContain('ui/notifications/tool-result');
    const source = proxyFrame('probe')?.contentWindow;
    if (!source) throw new Error('no proxy frame');
    const call = (id: number, from: string) => ({
      jsonrpc: '2.0',
      id,
      method: 'tools/call',
      params: { name: 'record_call', arguments: { from } },
    });
    const origin = new URL(sandboxUrl).origin;
    // A message event with the proxy's window but another origin (a browser never makes one; only a forgery
    // can), then one from a frame that is not the proxy, then a well-formed one that must go through.
    window.dispatchEvent(
      new MessageEvent('message', {
        data: call(801, 'forged-origin'),
        origin: 'http://evil.example',
        source,
      }),
    );
    const stranger = document.createElement('iframe');
    stranger.src = `data:text/html,<script>parent.postMessage(${encodeURIComponent(JSON.stringify(call(802, 'stranger')))}, '*')</script>`;
    const loaded = new Promise((resolve) => stranger.addEventListener('load', resolve, { once: true }));
    document.body.append(stranger);
    await loaded;
    window.dispatchEvent(new MessageEvent('message', { data: call(803, 'proxy'), origin, source }));
    await expect
      .poll(async () => (await commands.mcpAppsServerStats(server.port)).calls['record_call:proxy'], READY)
      .toBe(1);
    const { calls } = await commands.mcpAppsServerStats(server.port);
    expect(calls['record_call:forged-origin']).toBeUndefined();
    expect(calls['record_call:stranger']).toBeUndefined();
    stranger.remove();
  });
});

describe('the sandbox proxy setting', () => {
  it('refuses a proxy on the page origin with a typed error, shown as text', async () => {
    const server = await appsServer();
    const { sink, screen } = await show(
      { url: server.url, apps: true },
      { tool: 'probe', input: {}, sandbox: `${window.location.origin}/sandbox-proxy.html` },
    );
    await expect.poll(() => sink.errors.length, READY).toBe(1);
    expect(sink.errors[0]).toMatchObject({ reason: 'sandbox_url', code: 'app_sandbox_url' });
    await expect.element(screen.getByRole('alert')).toHaveTextContent(/another origin than the page/);
    expect(proxyFrame('probe')).toBeUndefined();
  });

  it('gives up on a proxy URL that never answers, within sandboxTimeoutMs', async () => {
    const server = await appsServer();
    const { sink } = await show(
      { url: server.url, apps: true },
      {
        tool: 'probe',
        input: {},
        sandbox: `http://localhost:${server.port}/__control/ping`,
        sandboxTimeoutMs: 1_500,
      },
    );
    await expect.poll(() => sink.errors.length, READY).toBe(1);
    expect(sink.errors[0]).toMatchObject({ reason: 'sandbox_timeout', code: 'app_sandbox_timeout' });
  });
});

describe('negotiation', () => {
  for (const legacy of [false, true]) {
    const where = legacy ? 'initialize capabilities (2025)' : 'the _meta client capabilities (2026-07-28)';
    it(`declares the UI extension in ${where} only with apps: true`, async () => {
      const capable = await appsServer({ legacy });
      const plain = await appsServer({ legacy });
      const one = await show({ url: capable.url, apps: true }, { tool: 'probe', result: { content: [] } });
      const two = await show({ url: plain.url }, { tool: 'probe', result: { content: [] } });
      await expect.poll(() => [one.sink.mcp?.state, two.sink.mcp?.state], READY).toEqual(['ready', 'ready']);
      expect(one.sink.mcp?.era).toBe(legacy ? 'legacy' : 'modern');
      const seen = (stats: Awaited<ReturnType<typeof commands.mcpAppsServerStats>>) =>
        legacy ? stats.initializeCapabilities : stats.envelopeCapabilities;
      const extension = {
        extensions: { 'io.modelcontextprotocol/ui': { mimeTypes: ['text/html;profile=mcp-app'] } },
      };
      const withApps = seen(await commands.mcpAppsServerStats(capable.port));
      expect(withApps.length).toBeGreaterThan(0);
      for (const capabilities of withApps) expect(capabilities).toMatchObject(extension);
      for (const capabilities of seen(await commands.mcpAppsServerStats(plain.port)))
        expect(JSON.stringify(capabilities)).not.toContain('io.modelcontextprotocol/ui');
    });
  }
});

describe('an app behind OAuth', () => {
  beforeEach(async () => {
    await clearAuthStorage();
  });

  it("calls its tool with the signed-in user's token, which never reaches the frame", async () => {
    const as = await commands.startOAuthServer({});
    const mcp = await commands.startProtectedMcpServer({ issuer: as.issuer, apps: true });
    const signedIn = await mountSignIn({ url: mcp.url, apps: true });
    await expect.poll(() => signedIn.result().state, READY).toBe('pending_auth');
    await signIn();
    await expect.poll(() => signedIn.result().state, READY).toBe('ready');
    const subject = (await signedIn.result().callTool('whoami', {})).content[0];

    const { sink } = await show({ url: mcp.url, apps: true }, { tool: 'whoami_app', input: {} });
    await expect.poll(() => sink.mcp?.state, READY).toBe('ready');
    await commands.clickInMcpApp('whoami_app', 'Who am I');
    const shown = await commands.waitForTextInMcpApp('whoami_app', 'signed in as');
    expect(subject).toMatchObject({ type: 'text' });
    expect(shown).toBe(`signed in as ${(subject as { text: string }).text}`);
    expect((subject as { text: string }).text).not.toBe('');
  });
});
