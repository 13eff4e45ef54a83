// The CORS kinds of the quirk gallery outside the browser. CORS is a browser's rule: MCPClient and the CLI read
// any answer, so against the very servers browser.test.tsx needs the app's proxy for, they sign in (loopback
// redirect, auto-consent played headlessly) and call a tool with no setting at all.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../../src/auth/memoryStore';
import { MCPClient, type SignInPrompt } from '../../../src/node/index';
import { runCli, startCli, tempHome } from '../../cli/support/cli';
import { freePort, signInWithBrowser } from '../../fixtures/loopbackSignIn';
import { type CorsKind, type CorsQuirk, startCorsQuirk } from './support/corsQuirks';

const KINDS: CorsKind[] = ['token-endpoint', 'authorization-server', 'mcp-server'];
const URL_LINE = /^ {2}(http:\/\/127\.0\.0\.1:\d+\/auth\?\S+)$/m;

const quirks = new Map<CorsKind, CorsQuirk>();
const { home, cleanup } = tempHome();

beforeAll(async () => {
  for (const kind of KINDS) quirks.set(kind, await startCorsQuirk(kind));
});

afterAll(async () => {
  await Promise.all([...quirks.values()].map((quirk) => quirk.stop()));
  cleanup();
});

const quirk = (kind: CorsKind) => quirks.get(kind) as CorsQuirk;

describe.each(KINDS)('the %s kind', (kind) => {
  it('MCPClient signs in and calls a tool with nothing but url and callback_port', async () => {
    const pages: Promise<{ status: number }>[] = [];
    const client = MCPClient.fromDict(
      { mcpServers: { quirk: { url: quirk(kind).mcpServer.url, callback_port: await freePort() } } },
      {
        oauth: {
          store: createMemoryStore(),
          onSignIn: (prompt: SignInPrompt) => {
            pages.push(signInWithBrowser(prompt.authorizationUrl, prompt.callbackUrl));
          },
        },
      },
    );
    try {
      const session = await client.createSession('quirk');
      const who = await session.callTool('whoami', {});
      expect(who.content).toEqual([{ type: 'text', text: 'test-user' }]);
      expect((await Promise.all(pages)).map((page) => page.status)).toEqual([200]);
    } finally {
      await client.closeAllSessions();
    }
  });

  it('the CLI connects, signs in through the printed URL and calls a tool, with no flag for it', async () => {
    const port = await freePort();
    const name = `quirk-${kind}`;
    const cli = startCli(
      ['client', 'connect', quirk(kind).mcpServer.url, '--name', name, '--callback-port', String(port)],
      home,
    );
    const [, authorizationUrl] = await cli.waitForStderr(URL_LINE);
    const page = await signInWithBrowser(authorizationUrl as string, `http://127.0.0.1:${port}/callback`);
    const connected = await cli.result;
    expect(connected.code, connected.stderr).toBe(0);
    expect(page.status).toBe(200);
    const called = await runCli(['client', 'tools', 'call', 'whoami', '{}', '--session', name], home);
    expect(called.code, called.stderr).toBe(0);
    expect(called.stdout).toContain('test-user');
  });
});
