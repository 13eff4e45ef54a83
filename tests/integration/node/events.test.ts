// The event stream (`onEvent`) of a real sign-in: MCPClient signs in through a loopback redirect against the real
// authorization server (oidc-provider, auto-consent) and the real OAuth-protected MCP server, and every step the
// engine takes arrives as a typed event, in order, with its status and timing, and with no secret in it.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../../src/auth/memoryStore';
import type { TokenStore } from '../../../src/auth/store';
import type { McpEvent } from '../../../src/core/events';
import { type ClientMcpEvent, MCPClient, type SignInPrompt } from '../../../src/node/index';
import { freePort, signInWithBrowser } from '../../fixtures/loopbackSignIn';
import {
  type RunningAuthServer,
  type RunningOAuthMcpServer,
  registerConfidentialClient,
  startAuthServer,
  startOAuthMcpServer,
} from '../../support/oauthServers';

let authServer: RunningAuthServer;
/** Issues 2-second access tokens: refreshed once half their lifetime is gone. */
let shortAuthServer: RunningAuthServer;
let mcpServer: RunningOAuthMcpServer;
let stepUpServer: RunningOAuthMcpServer;
let shortMcpServer: RunningOAuthMcpServer;
const clients: MCPClient[] = [];

beforeAll(async () => {
  [authServer, shortAuthServer] = await Promise.all([startAuthServer(), startAuthServer({ accessTtl: 2 })]);
  [mcpServer, stepUpServer, shortMcpServer] = await Promise.all([
    startOAuthMcpServer({ issuer: authServer.issuer }),
    startOAuthMcpServer({ issuer: authServer.issuer, requiredScope: 'mcp:admin' }),
    startOAuthMcpServer({ issuer: shortAuthServer.issuer }),
  ]);
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.closeAllSessions()));
});

afterAll(async () => {
  await Promise.all([
    mcpServer?.stop(),
    stepUpServer?.stop(),
    shortMcpServer?.stop(),
    authServer?.stop(),
    shortAuthServer?.stop(),
  ]);
});

/** A store that remembers every string written to it: the tokens and secrets no event may contain. */
function recordingStore(): { store: TokenStore; secrets: Set<string> } {
  const inner = createMemoryStore();
  const secrets = new Set<string>();
  const collect = (value: unknown, key = ''): void => {
    if (typeof value === 'string') {
      if (
        /^(access_?token|refresh_?token|id_?token|client_?secret|code_?verifier|verifier|state)$/i.test(key)
      ) {
        secrets.add(value);
      }
    } else if (value && typeof value === 'object') {
      for (const [name, item] of Object.entries(value)) collect(item, name);
    }
  };
  return {
    secrets,
    store: {
      ...inner,
      get: (key) => inner.get(key),
      del: (key, options) => inner.del(key, options),
      set: async (key, value, options) => {
        collect(value);
        await inner.set(key, value, options);
      },
    },
  };
}

async function signedIn(url: string, entry: Record<string, unknown> = {}) {
  const events: ClientMcpEvent[] = [];
  const prompts: SignInPrompt[] = [];
  const { store, secrets } = recordingStore();
  const port = (entry.callback_port as number | undefined) ?? (await freePort());
  const client = MCPClient.fromDict(
    { mcpServers: { demo: { url, auth: { callback_port: port }, ...entry } } },
    {
      onEvent: (event) => events.push(event),
      oauth: {
        store,
        onSignIn: (prompt) => {
          prompts.push(prompt);
          void signInWithBrowser(prompt.authorizationUrl, prompt.callbackUrl);
        },
      },
    },
  );
  clients.push(client);
  const session = await client.createSession('demo');
  return { session, events, prompts, secrets };
}

const types = (events: readonly McpEvent[]) => events.map((event) => event.type);
const only = <T extends McpEvent['type']>(events: readonly McpEvent[], type: T) =>
  events.filter((event): event is Extract<McpEvent, { type: T }> => event.type === type);

/** No token, code, verifier, state or secret of the sign-in appears anywhere in the events. */
function expectNoSecrets(
  events: readonly McpEvent[],
  secrets: Set<string>,
  prompts: readonly SignInPrompt[],
) {
  const text = JSON.stringify(events);
  expect(secrets.size).toBeGreaterThan(0);
  for (const secret of secrets) expect(text).not.toContain(secret);
  for (const prompt of prompts) {
    const params = new URL(prompt.authorizationUrl).searchParams;
    for (const name of ['state', 'code_challenge']) expect(text).not.toContain(params.get(name));
  }
}

describe('onEvent: the sign-in as typed steps', () => {
  it('reports a first sign-in with dynamic registration step by step, in order, secrets masked', async () => {
    const { session, events, prompts, secrets } = await signedIn(mcpServer.url);
    expect(session.state).toBe('ready');
    expect(events.every((event) => event.serverName === 'demo')).toBe(true);
    const steps = types(events);
    const first = (type: McpEvent['type']) => steps.indexOf(type);
    for (const type of [
      'unauthorized',
      'resource_metadata',
      'as_metadata',
      'registration',
      'authorization',
      'callback',
      'token',
    ] as const) {
      expect(first(type), type).toBeGreaterThanOrEqual(0);
    }
    expect(first('unauthorized')).toBeLessThan(first('resource_metadata'));
    expect(first('resource_metadata')).toBeLessThan(first('as_metadata'));
    expect(first('as_metadata')).toBeLessThan(first('registration'));
    expect(first('registration')).toBeLessThan(first('authorization'));
    expect(first('authorization')).toBeLessThan(first('callback'));
    expect(first('callback')).toBeLessThan(first('token'));

    const [unauthorized] = only(events, 'unauthorized');
    expect(unauthorized).toMatchObject({ status: 401, fields: { serverUrl: mcpServer.url } });
    expect(unauthorized!.fields.resourceMetadata).toContain('/.well-known/oauth-protected-resource');

    const found = only(events, 'resource_metadata').find((event) => event.status === 200 && !event.error);
    expect(found?.fields).toMatchObject({
      resource: mcpServer.url,
      authorizationServers: [authServer.issuer],
    });
    expect(found?.durationMs).toBeGreaterThanOrEqual(0);

    const as = only(events, 'as_metadata').find((event) => event.status === 200 && !event.error);
    expect(as?.fields).toMatchObject({ issuer: authServer.issuer, codeChallengeMethods: ['S256'] });
    expect(as?.fields.tokenEndpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);

    const [registration] = only(events, 'registration');
    expect(registration).toMatchObject({
      status: 201,
      fields: { method: 'dynamic', issuer: authServer.issuer },
    });
    expect(registration!.fields.clientId).toBeTruthy();

    const [authorization] = only(events, 'authorization');
    expect(authorization!.fields.flow).toBe('loopback');
    expect(authorization!.fields.params).toMatchObject({
      response_type: 'code',
      code_challenge_method: 'S256',
      state: '•••',
      code_challenge: '•••',
      resource: mcpServer.url,
    });
    expect(only(events, 'callback')[0]).toMatchObject({ fields: { outcome: 'success' } });
    const [token] = only(events, 'token');
    expect(token!.fields).toMatchObject({
      issuer: authServer.issuer,
      tokenType: 'bearer',
      refreshToken: true,
    });
    expect(token!.fields.expiresIn).toBeGreaterThan(3000);
    expect(token!.fields.scope).toContain('mcp:tools');
    expect(token!.error).toBeUndefined();
    for (const event of events) expect(typeof event.at).toBe('number');

    expectNoSecrets(events, secrets, prompts);
  });

  it('names a pre-registered client (client_id) and keeps its client secret out of every event', async () => {
    const port = await freePort();
    const { clientId, clientSecret } = await registerConfidentialClient(
      authServer.issuer,
      `http://127.0.0.1:${port}/callback`,
    );
    const { events, prompts, secrets } = await signedIn(mcpServer.url, {
      client_id: clientId,
      client_secret: clientSecret,
      callback_port: port,
    });
    expect(only(events, 'registration')[0]!.fields).toMatchObject({ method: 'preregistered', clientId });
    expect(JSON.stringify(events)).not.toContain(clientSecret);
    expectNoSecrets(events, secrets, prompts);
  });

  it('reports a step-up on 403 insufficient_scope, and the second sign-in for the wider scope', async () => {
    const { session, events, prompts, secrets } = await signedIn(stepUpServer.url);
    const before = events.length;
    await session.callTool('admin_echo', { text: 'hi' });
    const later = events.slice(before);
    const [stepUp] = only(later, 'step_up');
    expect(stepUp).toMatchObject({ status: 403, fields: { requiredScope: 'mcp:admin' } });
    expect(stepUp!.fields.scope?.split(' ')).toEqual(expect.arrayContaining(['mcp:tools', 'mcp:admin']));
    expect(types(later)).toEqual(expect.arrayContaining(['authorization', 'callback', 'token']));
    expect(only(later, 'token').at(-1)!.fields.scope).toContain('mcp:admin');
    expectNoSecrets(events, secrets, prompts);
  });

  it('reports refreshes: a token past half its lifetime is refreshed with the refresh token', async () => {
    const { session, events, prompts, secrets } = await signedIn(shortMcpServer.url);
    // Bounded: at most 30 calls, 200 ms apart, until one needs a refresh.
    for (let call = 0; call < 30 && only(events, 'refresh').length === 0; call++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      await session.callTool('whoami', {});
    }
    const refreshes = only(events, 'refresh');
    expect(refreshes.length).toBeGreaterThan(0);
    expect(refreshes[0]).toMatchObject({ status: 200, fields: { outcome: 'refreshed' } });
    expect(refreshes[0]!.durationMs).toBeGreaterThanOrEqual(0);
    expectNoSecrets(events, secrets, prompts);
  });
});
