// OAuth in Node through MCPClient: the reference page's OAuth parameters (client_id, client_secret, scope,
// callback_port) on a server entry — on the entry itself as the page's table lists them, or grouped in `auth` —
// sign in through a loopback redirect against the real authorization server (oidc-provider, auto-consent) and
// the real OAuth-protected MCP server. The test plays the browser: it follows the URL handed to `onSignIn`.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AuthorizationServerError, StepUpExhaustedError } from '../../../src/auth/errors';
import { createMemoryStore } from '../../../src/auth/memoryStore';
import { MAX_STEP_UP_ATTEMPTS } from '../../../src/auth/OAuthSession';
import { UnauthorizedError } from '../../../src/core/errors';
import {
  CallbackPortInUseError,
  createFileStore,
  MCPClient,
  type MCPClientOptions,
  type SignInPrompt,
  SignInTimeoutError,
} from '../../../src/node/index';
import { freePort, occupyPort, signInWithBrowser } from '../../fixtures/loopbackSignIn';
import {
  type RunningAuthServer,
  type RunningOAuthMcpServer,
  registerConfidentialClient,
  startAuthServer,
  startOAuthMcpServer,
} from '../../support/oauthServers';
import { type RunningServer, startServer, stopAllServers } from '../../support/servers';

let authServer: RunningAuthServer;
let mcpServer: RunningOAuthMcpServer;
/** Also serves `admin_echo`, which answers 403 insufficient_scope without `mcp:admin` (step-up). */
let stepUpServer: RunningOAuthMcpServer;
/** Wants `mcp:never` for `admin_echo`, a scope the authorization server never grants. */
let hopelessStepUpServer: RunningOAuthMcpServer;
let bearerServer: RunningServer;
const dir = mkdtempSync(join(tmpdir(), 'mcp-use-node-oauth-'));
const clients: MCPClient[] = [];

beforeAll(async () => {
  authServer = await startAuthServer();
  [mcpServer, stepUpServer, hopelessStepUpServer, bearerServer] = await Promise.all([
    startOAuthMcpServer({ issuer: authServer.issuer }),
    startOAuthMcpServer({ issuer: authServer.issuer, requiredScope: 'mcp:admin' }),
    startOAuthMcpServer({ issuer: authServer.issuer, requiredScope: 'mcp:never' }),
    startServer({ kind: 'v2', bearer: 'not-an-oauth-token' }),
  ]);
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.closeAllSessions()));
  await authServer.setDeny(false);
});

afterAll(async () => {
  await Promise.all([
    mcpServer?.stop(),
    stepUpServer?.stop(),
    hopelessStepUpServer?.stop(),
    authServer?.stop(),
    stopAllServers(),
  ]);
  rmSync(dir, { recursive: true, force: true });
});

/** Sign-in prompts seen, and the browser played for each unless `play` is false. */
function browser(play = true) {
  const prompts: SignInPrompt[] = [];
  const pages: Promise<{ status: number; text: string }>[] = [];
  return {
    prompts,
    pages,
    onSignIn: (prompt: SignInPrompt) => {
      prompts.push(prompt);
      // Not awaited: the user answers while the client waits on its loopback listener.
      if (play) pages.push(signInWithBrowser(prompt.authorizationUrl, prompt.callbackUrl));
    },
  };
}

function client(config: Record<string, unknown>, options: MCPClientOptions): MCPClient {
  const created = MCPClient.fromDict({ mcpServers: { linear: config } }, options);
  clients.push(created);
  return created;
}

/**
 * Session `linear` of a client whose entry has only `url` and a callback port (a free one unless given), with a
 * fresh store; `user` answers the sign-ins.
 */
async function createSessionWithSignIn(
  url: string,
  user: ReturnType<typeof browser>,
  { port, authTimeoutMs }: { port?: number; authTimeoutMs?: number } = {},
) {
  const created = client(
    { url, auth: { callback_port: port ?? (await freePort()) } },
    {
      oauth: {
        store: createMemoryStore(),
        onSignIn: user.onSignIn,
        ...(authTimeoutMs ? { authTimeoutMs } : {}),
      },
    },
  );
  return created.createSession('linear');
}

async function codeGrants(): Promise<number> {
  return (await authServer.stats()).tokenRequests.byGrantType.authorization_code ?? 0;
}

describe('MCPClient with OAuth settings', () => {
  it('signs in with the documented client_id, client_secret, scope and callback_port, and stores tokens 0600', async () => {
    const port = await freePort();
    const { clientId, clientSecret } = await registerConfidentialClient(
      authServer.issuer,
      `http://127.0.0.1:${port}/callback`,
    );
    const storePath = join(dir, 'documented.json');
    const user = browser();
    const config = {
      url: mcpServer.url,
      client_id: clientId,
      client_secret: clientSecret,
      scope: 'mcp:tools',
      callback_port: port,
    };
    const session = await client(config, {
      oauth: { store: createFileStore(storePath), onSignIn: user.onSignIn },
    }).createSession('linear');

    expect(user.prompts).toHaveLength(1);
    const prompt = user.prompts[0]!;
    expect(prompt.callbackUrl).toBe(`http://127.0.0.1:${port}/callback`);
    const params = new URL(prompt.authorizationUrl).searchParams;
    expect(params.get('client_id')).toBe(clientId);
    expect(params.get('scope')?.split(' ')).toContain('mcp:tools');
    expect(params.get('code_challenge_method')).toBe('S256');
    expect(params.get('redirect_uri')).toBe(prompt.callbackUrl);
    expect((await user.pages[0])?.status).toBe(200);

    const whoami = await session.callTool('whoami');
    expect(whoami.content).toEqual([{ type: 'text', text: 'test-user' }]);
    expect(statSync(storePath).mode & 0o777).toBe(0o600);

    // A new client on the same store: the saved token is used, nobody is asked to sign in.
    const grantsBefore = await codeGrants();
    const again = browser();
    const second = await client(config, {
      oauth: { store: createFileStore(storePath), onSignIn: again.onSignIn },
    }).createSession('linear');
    expect((await second.callTool('whoami')).content).toEqual([{ type: 'text', text: 'test-user' }]);
    expect(again.prompts).toHaveLength(0);
    expect(await codeGrants()).toBe(grantsBefore);
  });

  it('signs in the same way with the settings grouped in auth (Dynamic Client Registration)', async () => {
    const port = await freePort();
    const user = browser();
    const session = await client(
      { url: mcpServer.url, auth: { scope: 'mcp:tools', callback_port: port } },
      { oauth: { store: createMemoryStore(), onSignIn: user.onSignIn } },
    ).createSession('linear');
    expect(user.prompts).toHaveLength(1);
    expect((await session.callTool('echo', { text: 'hi' })).content).toEqual([{ type: 'text', text: 'hi' }]);
  });

  it('uses oauth_provider metadata given in advance instead of discovering the authorization server', async () => {
    const metadata = await (
      await fetch(`${authServer.issuer}/.well-known/oauth-authorization-server`, {
        signal: AbortSignal.timeout(5_000),
      })
    ).json();
    const requested: string[] = [];
    const user = browser();
    const session = await client(
      { url: mcpServer.url, auth: { oauth_provider: metadata, callback_port: await freePort() } },
      {
        oauth: { store: createMemoryStore(), onSignIn: user.onSignIn },
        fetch: (input, init) => {
          requested.push(new URL(String(input)).pathname);
          return fetch(input, init);
        },
      },
    ).createSession('linear');
    expect((await session.callTool('whoami')).content).toEqual([{ type: 'text', text: 'test-user' }]);
    expect(requested).toContain('/.well-known/oauth-protected-resource/mcp');
    expect(requested.filter((path) => /oauth-authorization-server|openid-configuration/.test(path))).toEqual(
      [],
    );
  });

  it('signOut revokes and forgets the tokens, so the next session signs in again', async () => {
    const port = await freePort();
    const store = createMemoryStore();
    const user = browser();
    const signedIn = client(
      { url: mcpServer.url, callback_port: port },
      { oauth: { store, onSignIn: user.onSignIn } },
    );
    await signedIn.createSession('linear');
    await signedIn.closeAllSessions();
    const revocationsBefore = (await authServer.stats()).revocations;
    await signedIn.signOut('linear');
    expect((await authServer.stats()).revocations).toBeGreaterThan(revocationsBefore);

    await signedIn.createSession('linear');
    expect(user.prompts).toHaveLength(2);
  });

  it('refuses a busy callback port before sending the user anywhere', async () => {
    const port = await freePort();
    const busy = await occupyPort(port);
    try {
      const user = browser();
      const error = await createSessionWithSignIn(mcpServer.url, user, { port }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CallbackPortInUseError);
      expect((error as CallbackPortInUseError).port).toBe(port);
      expect((error as Error).message).toContain('callback_port');
      expect(user.prompts).toHaveLength(0);
    } finally {
      await busy.release();
    }
  });

  it('gives up after authTimeoutMs when nobody signs in, and frees the port', async () => {
    const port = await freePort();
    const user = browser(false);
    const error = await createSessionWithSignIn(mcpServer.url, user, { port, authTimeoutMs: 500 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SignInTimeoutError);
    expect(user.prompts).toHaveLength(1);
    const again = await occupyPort(port);
    await again.release();
  });

  it('reports access_denied from the authorization server, and shows the browser a failure page', async () => {
    await authServer.setDeny(true);
    const port = await freePort();
    const user = browser();
    const error = await createSessionWithSignIn(mcpServer.url, user, { port }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthorizationServerError);
    expect((error as AuthorizationServerError).oauthError).toBe('access_denied');
    expect((await user.pages[0])?.status).toBe(400);
  });

  it('turns a server that offers no OAuth into a plain unauthorized error', async () => {
    const user = browser();
    const error = await createSessionWithSignIn(bearerServer.url, user).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect(user.prompts).toHaveLength(0);
  });

  it('steps up on 403 insufficient_scope: signs in for the wider scope and sends the call again', async () => {
    const user = browser();
    const session = await createSessionWithSignIn(stepUpServer.url, user);
    expect(user.prompts).toHaveLength(1);
    expect(new URL(user.prompts[0]!.authorizationUrl).searchParams.get('scope')).not.toContain('mcp:admin');

    const result = await session.callTool('admin_echo', { text: 'hi' });
    expect(result.content).toEqual([{ type: 'text', text: 'admin: hi' }]);
    expect(user.prompts).toHaveLength(2);
    const scope = new URL(user.prompts[1]!.authorizationUrl).searchParams.get('scope')?.split(' ');
    expect(scope).toEqual(expect.arrayContaining(['mcp:tools', 'mcp:admin']));
    expect(session.state).toBe('ready');
    // The wider grant serves the next calls without asking again.
    expect((await session.callTool('admin_echo', { text: 'again' })).content).toEqual([
      { type: 'text', text: 'admin: again' },
    ]);
    expect(user.prompts).toHaveLength(2);
  });

  it('gives up on a step-up the authorization server does not grant, after a bounded number of sign-ins', async () => {
    const user = browser();
    const session = await createSessionWithSignIn(hopelessStepUpServer.url, user);
    const error = await session.callTool('admin_echo', { text: 'hi' }).catch((e: unknown) => e);
    // The engine stops asking (StepUpExhaustedError), or the call's single retry is refused again.
    expect(['forbidden', 'auth_required']).toContain((error as StepUpExhaustedError).code);
    if ((error as StepUpExhaustedError).code === 'forbidden')
      expect(error).toBeInstanceOf(StepUpExhaustedError);
    // The first sign-in, then at most the step-ups the engine allows; never a loop.
    expect(user.prompts.length).toBeGreaterThanOrEqual(2);
    expect(user.prompts.length).toBeLessThanOrEqual(1 + MAX_STEP_UP_ATTEMPTS);
  });

  it('presents client_metadata_url as the client id when the authorization server supports it', async () => {
    const metadata = await (
      await fetch(`${authServer.issuer}/.well-known/oauth-authorization-server`, {
        signal: AbortSignal.timeout(5_000),
      })
    ).json();
    const metadataUrl = 'https://app.example.com/oauth/client-metadata.json';
    const requested: string[] = [];
    const user = browser(false);
    const error = await client(
      {
        url: mcpServer.url,
        client_metadata_url: metadataUrl,
        auth: {
          oauth_provider: { ...metadata, client_id_metadata_document_supported: true },
          callback_port: await freePort(),
        },
      },
      {
        oauth: { store: createMemoryStore(), onSignIn: user.onSignIn, authTimeoutMs: 300 },
        fetch: (input, init) => {
          requested.push(`${init?.method ?? 'GET'} ${new URL(String(input)).pathname}`);
          return fetch(input, init);
        },
      },
    )
      .createSession('linear')
      .catch((e: unknown) => e);
    // Nobody plays the browser here (the test AS cannot fetch an example.com document): the prompt is the point.
    expect(error).toBeInstanceOf(SignInTimeoutError);
    expect(user.prompts).toHaveLength(1);
    expect(new URL(user.prompts[0]!.authorizationUrl).searchParams.get('client_id')).toBe(metadataUrl);
    expect(requested).toContain('GET /.well-known/oauth-protected-resource/mcp');
    expect(requested).not.toContain('POST /reg');
  });
});
