// Several accounts on one server (the `account` setting) through MCPClient: two entries with the same URL and two
// account names sign in as two different users of the real authorization server (oidc-provider), keep two sets
// of tokens and two client registrations in one token file, send each token only for its own account, and
// signing out of one leaves the other signed in. The default (unnamed) account keeps the keys it always had.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/core/errors';
import { createFileStore, MCPClient, type SignInPrompt } from '../../../src/node/index';
import { createRedisTokenStore } from '../../../src/redis';
import { freePort, signInWithBrowser } from '../../fixtures/loopbackSignIn';
import {
  type RunningAuthServer,
  type RunningOAuthMcpServer,
  startAuthServer,
  startOAuthMcpServer,
} from '../../support/oauthServers';
import { NO_REDIS_REASON, redisServerPath, startRedis } from '../../support/redisServer';

let authServer: RunningAuthServer;
let mcpServer: RunningOAuthMcpServer;
const dir = mkdtempSync(join(tmpdir(), 'mcp-use-accounts-'));
const clients: MCPClient[] = [];
let storeCount = 0;

beforeAll(async () => {
  authServer = await startAuthServer();
  mcpServer = await startOAuthMcpServer({ issuer: authServer.issuer });
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.closeAllSessions()));
  await authServer.setSubject('test-user');
});

afterAll(async () => {
  await Promise.all([mcpServer?.stop(), authServer?.stop()]);
  rmSync(dir, { recursive: true, force: true });
});

/** A fresh token file in a private folder of its own. */
function tokenFile(): string {
  storeCount += 1;
  return join(dir, `store-${storeCount}`, 'tokens.json');
}

/** The records in a token file, by key. */
function records(path: string): Record<string, Record<string, unknown>> {
  return JSON.parse(readFileSync(path, 'utf8')).entries;
}

/** Plays the user: each sign-in is answered in the browser as the user `subjects[serverName]`. */
function user(subjects: Record<string, string>) {
  const prompts: SignInPrompt[] = [];
  return {
    prompts,
    onSignIn: async (prompt: SignInPrompt) => {
      prompts.push(prompt);
      await authServer.setSubject(subjects[prompt.serverName ?? ''] ?? 'test-user');
      void signInWithBrowser(prompt.authorizationUrl, prompt.callbackUrl);
    },
  };
}

async function twoAccounts(
  path: string | ReturnType<typeof createRedisTokenStore>,
  answer: ReturnType<typeof user> | undefined,
) {
  const port = await freePort();
  const created = MCPClient.fromDict(
    {
      mcpServers: {
        work: { url: mcpServer.url, account: 'work', callback_port: port },
        personal: { url: mcpServer.url, auth: { account: 'personal', callback_port: port } },
      },
    },
    {
      tokenStore: typeof path === 'string' ? createFileStore(path) : path,
      oauth: answer ? { onSignIn: answer.onSignIn } : { interactive: false },
    },
  );
  clients.push(created);
  return created;
}

const text = (result: { content: unknown }) => (result.content as { text: string }[])[0]?.text;

describe('several accounts on one server', () => {
  it('signs two accounts in as two users, each with its own tokens and registration', async () => {
    const path = tokenFile();
    const answer = user({ work: 'alice', personal: 'bob' });
    const client = await twoAccounts(path, answer);
    const work = await client.createSession('work');
    const personal = await client.createSession('personal');
    expect(answer.prompts.map(({ serverName, account }) => [serverName, account])).toEqual([
      ['work', 'work'],
      ['personal', 'personal'],
    ]);

    // The token each session sends is its own account's: the server sees two users.
    expect(text(await work.callTool('whoami'))).toBe('alice');
    expect(text(await personal.callTool('whoami'))).toBe('bob');

    const stored = records(path);
    const tokens = Object.entries(stored).filter(([key]) => key.includes(':tokens:'));
    expect(tokens.map(([key]) => JSON.parse(key.slice(key.indexOf('['))))).toEqual(
      expect.arrayContaining([
        [mcpServer.url, authServer.issuer, 'work'],
        [mcpServer.url, authServer.issuer, 'personal'],
      ]),
    );
    expect(tokens).toHaveLength(2);
    const [first, second] = tokens.map(([, record]) => record);
    expect(first?.accessToken).not.toBe(second?.accessToken);
    expect(first?.refreshToken).not.toBe(second?.refreshToken);
    // One registration per account: signing out of (or forgetting) one touches nothing of the other's.
    const clientsStored = Object.entries(stored).filter(([key]) => key.includes(':client:'));
    expect(clientsStored).toHaveLength(2);
    expect(new Set(clientsStored.map(([, record]) => record.clientId)).size).toBe(2);
    expect((await authServer.stats()).registrations).toBeGreaterThanOrEqual(2);
  });

  it('signing out of one account leaves the other signed in', async () => {
    const path = tokenFile();
    const client = await twoAccounts(path, user({ work: 'alice', personal: 'bob' }));
    await client.createSession('work');
    await client.createSession('personal');
    await client.signOut('work');
    await client.closeAllSessions();

    // A later program with nobody to sign in: the personal account still works, the work one needs a sign-in.
    const later = await twoAccounts(path, undefined);
    const personal = await later.createSession('personal');
    expect(text(await personal.callTool('whoami'))).toBe('bob');
    await expect(later.createSession('work')).rejects.toMatchObject({ code: 'auth_required' });
    const keys = Object.keys(records(path)).filter((key) => key.includes(':tokens:'));
    expect(keys).toEqual([expect.stringContaining('"personal"]')]);
  });

  it('keeps the default account on the key it always had, beside named ones', async () => {
    const path = tokenFile();
    const port = await freePort();
    const answer = user({ plain: 'carol', work: 'alice' });
    const client = MCPClient.fromDict(
      {
        mcpServers: {
          plain: { url: mcpServer.url, callback_port: port },
          work: { url: mcpServer.url, account: 'work', callback_port: port },
        },
      },
      { tokenStore: createFileStore(path), oauth: { onSignIn: answer.onSignIn } },
    );
    clients.push(client);
    expect(text(await (await client.createSession('plain')).callTool('whoami'))).toBe('carol');
    expect(text(await (await client.createSession('work')).callTool('whoami'))).toBe('alice');
    const keys = Object.keys(records(path));
    // Exactly the keys stored before accounts existed: a token file written then keeps working.
    expect(keys).toContain(`mcp-use:oauth:tokens:${JSON.stringify([mcpServer.url, authServer.issuer])}`);
    expect(keys).toContain(
      `mcp-use:oauth:client:${JSON.stringify([authServer.issuer, `http://127.0.0.1:${port}/callback`])}`,
    );
  });

  it('refuses an account name it cannot use, saying what to change', () => {
    let error: unknown;
    try {
      MCPClient.fromDict({ mcpServers: { work: { url: mcpServer.url, account: 'my work' } } });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toMatch(
      /mcpServers\.work\.account .*not a usable account name: use 1 to 64 characters/,
    );
  });
});

const hasRedis = redisServerPath() !== undefined;

describe.skipIf(!hasRedis)(
  `several accounts on one server in a Redis store${hasRedis ? '' : ` (skipped: ${NO_REDIS_REASON})`}`,
  () => {
    it("keeps each account's tokens under its own key of the user, and signs out one at a time", async () => {
      const redis = await startRedis();
      const tokens = createRedisTokenStore({ url: redis.url });
      try {
        const client = await twoAccounts(tokens.forUser('u1'), user({ work: 'alice', personal: 'bob' }));
        expect(text(await (await client.createSession('work')).callTool('whoami'))).toBe('alice');
        expect(text(await (await client.createSession('personal')).callTool('whoami'))).toBe('bob');
        await client.signOut('work');
        await client.closeAllSessions();

        // Another instance of the backend, for the same user: the personal account only.
        const later = await twoAccounts(tokens.forUser('u1'), undefined);
        expect(text(await (await later.createSession('personal')).callTool('whoami'))).toBe('bob');
        await expect(later.createSession('work')).rejects.toMatchObject({ code: 'auth_required' });
        const work = `mcp-use:oauth:tokens:${JSON.stringify([mcpServer.url, authServer.issuer, 'work'])}`;
        const personal = `mcp-use:oauth:tokens:${JSON.stringify([mcpServer.url, authServer.issuer, 'personal'])}`;
        expect(await tokens.forUser('u1').get(work)).toBeUndefined();
        expect(await tokens.forUser('u1').get(personal)).toMatchObject({ account: 'personal' });
      } finally {
        await tokens.close();
        await redis.stop();
      }
    });
  },
);
