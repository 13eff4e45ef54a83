// Enterprise-Managed Authorization through MCPClient, against real parts: an enterprise IdP (oidc-provider with a
// token-exchange grant minting ID-JAGs), the MCP servers' authorization server (oidc-provider with a JWT bearer
// grant checking them against the IdP's keys) and two MCP servers that take only tokens whose audience is their
// own URL. The test plays the user's browser for the one IdP sign-in.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { IdJagRefusedError, IdJagRejectedError } from '../../../src/auth/enterpriseErrors';
import { createMemoryStore } from '../../../src/auth/memoryStore';
import { UnauthorizedError } from '../../../src/core/errors';
import type { TokenStore } from '../../../src/auth/store';
import { MCPClient, type SignInPrompt } from '../../../src/node/index';
import { freePort, signInWithBrowser } from '../../fixtures/loopbackSignIn';
import { ENTERPRISE_CLIENT_ID, type Enterprise, startEnterprise } from '../../support/enterpriseServers';

let enterprise: Enterprise;
const clients: MCPClient[] = [];

beforeAll(async () => {
  enterprise = await startEnterprise({ mcpServers: 2 });
}, 60_000);

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.closeAllSessions()));
  await enterprise.idp.setIdJagMode('ok');
  await enterprise.idp.setIdTokenTtl(3600);
});

afterAll(async () => {
  await enterprise?.stop();
});

function user() {
  const prompts: SignInPrompt[] = [];
  return {
    prompts,
    onSignIn: (prompt: SignInPrompt) => {
      prompts.push(prompt);
      // Not awaited: the user answers while the client waits on its loopback listener.
      void signInWithBrowser(prompt.authorizationUrl, prompt.callbackUrl);
    },
  };
}

async function enterpriseClient(store: TokenStore, onSignIn: (prompt: SignInPrompt) => void) {
  const callback_port = await freePort();
  const entry = (url: string) => ({
    url,
    auth: { callback_port, enterprise: { issuer: enterprise.idp.issuer, client_id: ENTERPRISE_CLIENT_ID } },
  });
  const [one, two] = enterprise.mcpServers.map((server) => server.url) as [string, string];
  const client = MCPClient.fromDict(
    { mcpServers: { one: entry(one), two: entry(two) } },
    { oauth: { store, onSignIn } },
  );
  clients.push(client);
  return client;
}

async function whoami(client: MCPClient, name: string): Promise<unknown> {
  const session = await client.createSession(name);
  const result = await session.callTool('whoami', {});
  return (result.content as { text: string }[])[0]?.text;
}

describe('Enterprise-Managed Authorization with MCPClient', () => {
  it('signs in once at the IdP and gets a separate token for each MCP server through ID-JAGs', async () => {
    const before = { idp: await enterprise.idp.stats(), as: await enterprise.authorizationServer.stats() };
    const store = createMemoryStore();
    const person = user();
    const client = await enterpriseClient(store, person.onSignIn);

    expect(await whoami(client, 'one')).toBe('enterprise-user');
    expect(await whoami(client, 'two')).toBe('enterprise-user');

    expect(person.prompts).toHaveLength(1);
    expect(new URL(person.prompts[0]!.authorizationUrl).origin).toBe(enterprise.idp.issuer);
    const idp = await enterprise.idp.stats();
    const as = await enterprise.authorizationServer.stats();
    expect(idp.authorizations - before.idp.authorizations).toBe(1);
    expect(idp.exchanges - before.idp.exchanges).toBe(2);
    expect(as.grants - before.as.grants).toBe(2);
  });

  it('reuses the IdP sign-in in a new client with the same store, without asking the user', async () => {
    const store = createMemoryStore();
    const person = user();
    await whoami(await enterpriseClient(store, person.onSignIn), 'one');
    const later = user();
    expect(await whoami(await enterpriseClient(store, later.onSignIn), 'two')).toBe('enterprise-user');
    expect(later.prompts).toHaveLength(0);
  });

  it('servers connecting at once share one IdP sign-in', async () => {
    const person = user();
    const client = await enterpriseClient(createMemoryStore(), person.onSignIn);
    const { sessions, errors } = await client.createAllSessions();
    expect(errors).toEqual({});
    expect(Object.keys(sessions).sort()).toEqual(['one', 'two']);
    expect(person.prompts).toHaveLength(1);
  });

  it('renews an ID token that expires with the IdP refresh token, without the user', async () => {
    // Shorter than the 30 s the client renews ahead of expiry: every ID token it holds counts as expiring.
    await enterprise.idp.setIdTokenTtl(10);
    const before = await enterprise.idp.stats();
    const store = createMemoryStore();
    const person = user();
    expect(await whoami(await enterpriseClient(store, person.onSignIn), 'one')).toBe('enterprise-user');
    expect(await whoami(await enterpriseClient(store, person.onSignIn), 'two')).toBe('enterprise-user');
    const after = await enterprise.idp.stats();
    expect(person.prompts).toHaveLength(1);
    expect(after.authorizations - before.authorizations).toBe(1);
    expect(after.refreshes - before.refreshes).toBeGreaterThanOrEqual(1);
  });

  describe('refusals', () => {
    const store = createMemoryStore();
    const person = user();

    beforeAll(async () => {
      // One sign-in for every refusal below: each then fails at the exchange, not at the sign-in.
      await whoami(await enterpriseClient(store, person.onSignIn), 'one');
    });

    it('the IdP refusing the exchange is IdJagRefusedError, naming the IdP and its OAuth error', async () => {
      await enterprise.idp.setIdJagMode('refuse');
      const failure = await whoami(await enterpriseClient(store, person.onSignIn), 'two').catch((e) => e);
      expect(failure).toBeInstanceOf(IdJagRefusedError);
      expect(failure).toMatchObject({
        code: 'auth_id_jag_refused',
        idpIssuer: enterprise.idp.issuer,
        audience: enterprise.authorizationServer.issuer,
        oauthError: 'invalid_target',
      });
      expect(person.prompts).toHaveLength(1);
    });

    it('a server that refuses even a token just obtained fails with UnauthorizedError, without a loop', async () => {
      const server = enterprise.mcpServers[0]!;
      // The server checks expiry as if two hours had passed: every token it is given looks expired.
      await server.setClockAhead(7200);
      try {
        const before = await enterprise.idp.stats();
        const failure = await whoami(await enterpriseClient(store, person.onSignIn), 'one').catch((e) => e);
        expect(failure).toBeInstanceOf(UnauthorizedError);
        expect(failure).toMatchObject({ code: 'unauthorized' });
        expect((await enterprise.idp.stats()).exchanges - before.exchanges).toBeLessThanOrEqual(2);
        expect(person.prompts).toHaveLength(1);
      } finally {
        await server.setClockAhead(0);
      }
    });

    it.each([
      ['expired', 'expired', /expired/],
      ['wrong-audience', 'audience', /aud/],
      ['bad-signature', 'signature', /signed/],
    ] as const)(
      'an ID-JAG the authorization server rejects (%s) is IdJagRejectedError',
      async (mode, reason, description) => {
        const before = (await enterprise.authorizationServer.stats()).rejected[reason] ?? 0;
        await enterprise.idp.setIdJagMode(mode);
        const failure = await whoami(await enterpriseClient(store, person.onSignIn), 'two').catch((e) => e);
        expect(failure).toBeInstanceOf(IdJagRejectedError);
        expect(failure).toMatchObject({
          code: 'auth_id_jag_rejected',
          issuer: enterprise.authorizationServer.issuer,
          idpIssuer: enterprise.idp.issuer,
          oauthError: 'invalid_grant',
        });
        expect((failure as IdJagRejectedError).oauthErrorDescription).toMatch(description);
        expect((await enterprise.authorizationServer.stats()).rejected[reason]).toBe(before + 1);
        expect(person.prompts).toHaveLength(1);
      },
    );
  });
});
