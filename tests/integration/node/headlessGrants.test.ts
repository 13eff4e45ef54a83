// Sign-in without a browser on this machine, end to end with MCPClient: the device authorization grant (the user
// approves on "another device": a real HTTP client on oidc-provider's own device pages) and client credentials
// (a secret, or a private key), against a real oidc-provider and an MCP server that checks each token's audience.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveEnv } from '../../../src/auth/env';
import { createMemoryStore } from '../../../src/auth/memoryStore';
import { canonicalServerUrl } from '../../../src/auth/resourceIdentifier';
import {
  pollDeviceToken,
  prepareDeviceGrant,
  requestDeviceAuthorization,
} from '../../../src/node/oauth/grants/deviceAuthorization';
import {
  type DeviceCodePrompt,
  DeviceAccessDeniedError,
  DeviceCodeExpiredError,
  GrantNotSupportedError,
  MCPClient,
  PrivateKeyError,
} from '../../../src/node/index';
import { TokenRequestError } from '../../../src/auth/errors';
import {
  answerDeviceCode,
  registerMachineClient,
  type RunningAuthServer,
  type RunningOAuthMcpServer,
  startAuthServer,
  startOAuthMcpServer,
} from '../../support/oauthServers';

let as: RunningAuthServer;
let mcp: RunningOAuthMcpServer;
let folder: string;

beforeAll(async () => {
  as = await startAuthServer({ deviceInterval: 1 });
  mcp = await startOAuthMcpServer({ issuer: as.issuer });
  folder = mkdtempSync(join(tmpdir(), 'mcp-use-headless-'));
});

afterAll(async () => {
  await mcp?.stop();
  await as?.stop();
  rmSync(folder, { recursive: true, force: true });
});

/** A fake clock's sleep: records each wait and returns at once (the server's clock is the real one). */
function recordingSleep(): { waits: number[]; sleep: (ms: number) => Promise<void> } {
  const waits: number[] = [];
  return {
    waits,
    sleep: async (ms) => {
      waits.push(ms);
      await new Promise((resolve) => setTimeout(resolve, 20));
    },
  };
}

function deviceClient(options: {
  answer?: 'approve' | 'deny' | 'none';
  sleep?: (ms: number) => Promise<void>;
  prompts?: DeviceCodePrompt[];
  entry?: Record<string, unknown>;
}) {
  const prompts = options.prompts ?? [];
  return MCPClient.fromDict(
    { mcpServers: { device: { url: mcp.url, auth: { grant: 'device_code', ...options.entry } } } },
    {
      tokenStore: createMemoryStore(),
      oauth: {
        ...(options.sleep ? { sleep: options.sleep } : {}),
        onDeviceCode: (prompt) => {
          prompts.push(prompt);
          if (options.answer !== 'none') {
            void answerDeviceCode(prompt.verificationUri, prompt.userCode, options.answer ?? 'approve');
          }
        },
      },
    },
  );
}

describe('device authorization grant (RFC 8628)', () => {
  it('shows the code and where to enter it, polls until the user approved, and calls with a token for this server', async () => {
    const prompts: DeviceCodePrompt[] = [];
    const client = deviceClient({ prompts });
    const session = await client.createSession('device');
    const result = await session.callTool('whoami', {});
    expect(result.content).toEqual([{ type: 'text', text: 'test-user' }]);
    expect(prompts).toHaveLength(1);
    expect(prompts[0]).toMatchObject({ reason: 'configured', serverName: 'device' });
    expect(prompts[0]?.verificationUri).toBe(`${as.issuer}/device`);
    expect(prompts[0]?.verificationUriComplete).toContain('user_code=');
    expect(prompts[0]?.userCode).toMatch(/^[A-Z]{4}-[A-Z]{4}$/);
    await client.closeAllSessions();
  });

  it('waits the interval the server names, 5 s longer after each slow_down', async () => {
    await as.slowDownDevicePolls(2);
    const { waits, sleep } = recordingSleep();
    const client = deviceClient({ sleep });
    const session = await client.createSession('device');
    expect(session.isConnected).toBe(true);
    // The interval the server named (1 s), then 6 s after the first slow_down and 11 s after the second, for
    // every later poll too (RFC 8628 §3.5: the increase is permanent).
    expect(waits.slice(0, 3)).toEqual([1000, 6000, 11000]);
    expect(new Set(waits.slice(2))).toEqual(new Set([11000]));
    await client.closeAllSessions();
  });

  it('rejects with DeviceAccessDeniedError when the user refuses at the authorization server', async () => {
    const client = deviceClient({ answer: 'deny' });
    const error = await client.createSession('device').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeviceAccessDeniedError);
    expect(error).toMatchObject({ code: 'auth_device_denied' });
    await client.closeAllSessions();
  });

  it('rejects with DeviceCodeExpiredError when nobody approves before the code expires', async () => {
    const shortLived = await startAuthServer({ deviceInterval: 1, deviceTtl: 2 });
    const server = await startOAuthMcpServer({ issuer: shortLived.issuer });
    try {
      const client = MCPClient.fromDict(
        { mcpServers: { device: { url: server.url, auth: { grant: 'device_code' } } } },
        { tokenStore: createMemoryStore(), oauth: { onDeviceCode: () => undefined } },
      );
      const error = await client.createSession('device').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DeviceCodeExpiredError);
      expect(error).toMatchObject({ code: 'auth_device_expired', expiresInSeconds: 2 });
      await client.closeAllSessions();
    } finally {
      await server.stop();
      await shortLived.stop();
    }
  });

  it("stops when the authorization server says the code expired, even when this machine's clock says it is valid", async () => {
    const shortLived = await startAuthServer({ deviceInterval: 1, deviceTtl: 1 });
    const server = await startOAuthMcpServer({ issuer: shortLived.issuer });
    try {
      // A clock that stands still: only the server can say the code expired.
      const started = Date.now();
      const env = resolveEnv({ store: createMemoryStore(), now: () => started });
      const serverUrl = canonicalServerUrl(server.url);
      const context = await prepareDeviceGrant(serverUrl, {}, undefined, env);
      const authorization = await requestDeviceAuthorization(context, env);
      const polls: number[] = [];
      const error = await pollDeviceToken(
        context,
        authorization,
        {
          signal: AbortSignal.timeout(10_000),
          sleep: async (ms) => {
            polls.push(ms);
            // Really past the server's 1 s: its answer to the first poll is expired_token.
            await new Promise((resolve) => setTimeout(resolve, 1_500));
          },
        },
        env,
      ).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DeviceCodeExpiredError);
      // One poll: the server's answer (oidc-provider has dropped the code: invalid_grant), not this client's own
      // bound (which would need two at least).
      expect(polls).toEqual([1000]);
    } finally {
      await server.stop();
      await shortLived.stop();
    }
  });

  it('rejects with GrantNotSupportedError when the authorization server offers no device endpoint', async () => {
    // The server's metadata as configured, without its device_authorization_endpoint.
    const metadata = (await (await fetch(`${as.issuer}/.well-known/openid-configuration`)).json()) as Record<
      string,
      unknown
    >;
    const { device_authorization_endpoint: _device, ...withoutDevice } = metadata;
    const client = MCPClient.fromDict(
      {
        mcpServers: {
          device: { url: mcp.url, auth: { grant: 'device_code', oauth_provider: withoutDevice } },
        },
      },
      { tokenStore: createMemoryStore(), oauth: { onDeviceCode: () => undefined } },
    );
    const error = await client.createSession('device').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GrantNotSupportedError);
    expect(error).toMatchObject({ code: 'auth_grant_unsupported', issuer: as.issuer });
    await client.closeAllSessions();
  });

  it('device_code_fallback: uses the device grant when no browser can be opened here, and says so', async () => {
    const prompts: DeviceCodePrompt[] = [];
    const client = MCPClient.fromDict(
      { mcpServers: { auto: { url: mcp.url, auth: { device_code_fallback: true } } } },
      {
        tokenStore: createMemoryStore(),
        oauth: {
          onSignIn: () => {
            throw new Error('the loopback sign-in was chosen');
          },
          onDeviceCode: (prompt) => {
            prompts.push(prompt);
            void answerDeviceCode(prompt.verificationUri, prompt.userCode);
          },
        },
      },
    );
    // Tests run without a terminal on stdout: no browser can be opened.
    const session = await client.createSession('auto');
    expect(session.isConnected).toBe(true);
    expect(prompts.map((prompt) => prompt.reason)).toEqual(['no_browser']);
    await client.closeAllSessions();
  });
});

describe('client credentials (RFC 6749 §4.4)', () => {
  for (const method of ['client_secret_basic', 'client_secret_post'] as const) {
    it(`gets a token for this server with ${method}, and reuses it while fresh`, async () => {
      const { clientId, clientSecret } = await registerMachineClient(as.issuer, { method });
      const store = createMemoryStore();
      const config = {
        mcpServers: {
          machine: {
            url: mcp.url,
            auth: { grant: 'client_credentials', client_id: clientId, client_secret: clientSecret },
          },
        },
      };
      await as.resetStats();
      const first = MCPClient.fromDict(config, { tokenStore: store });
      const session = await first.createSession('machine');
      expect((await session.callTool('whoami', {})).content).toEqual([{ type: 'text', text: clientId }]);
      await first.closeAllSessions();
      // Another client on the same store uses the stored token: no second grant.
      const second = MCPClient.fromDict(config, { tokenStore: store });
      await (await second.createSession('machine')).callTool('echo', { text: 'again' });
      await second.closeAllSessions();
      expect((await as.stats()).tokenRequests.byGrantType.client_credentials).toBe(1);
    });
  }

  it('requests a new token before the stored one expires (there is no refresh token)', async () => {
    const shortLived = await startAuthServer({ accessTtl: 2 });
    const server = await startOAuthMcpServer({ issuer: shortLived.issuer });
    try {
      const { clientId, clientSecret } = await registerMachineClient(shortLived.issuer, {
        method: 'client_secret_basic',
      });
      const client = MCPClient.fromDict(
        {
          mcpServers: {
            machine: {
              url: server.url,
              auth: { grant: 'client_credentials', client_id: clientId, client_secret: clientSecret },
            },
          },
        },
        { tokenStore: createMemoryStore() },
      );
      const session = await client.createSession('machine');
      // A 2 s token is "expiring" after 1 s (the skew is capped at half its lifetime).
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      await session.callTool('echo', { text: 'later' });
      const stats = await shortLived.stats();
      expect(stats.tokenRequests.byGrantType.client_credentials).toBe(2);
      expect(stats.tokenRequests.byGrantType.refresh_token).toBeUndefined();
      expect((await server.stats()).unauthorized).toBe(1); // only the first request, before any token
      await client.closeAllSessions();
    } finally {
      await server.stop();
      await shortLived.stop();
    }
  });

  it('authenticates with private_key_jwt, reading the key file at use', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const keyFile = join(folder, 'client-key.pem');
    writeFileSync(keyFile, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
    const { clientId } = await registerMachineClient(as.issuer, {
      method: 'private_key_jwt',
      publicJwk: { ...publicKey.export({ format: 'jwk' }), alg: 'ES256' },
    });
    const client = MCPClient.fromDict(
      {
        mcpServers: {
          machine: {
            url: mcp.url,
            auth: { grant: 'client_credentials', client_id: clientId, private_key_file: keyFile },
          },
        },
      },
      { tokenStore: createMemoryStore() },
    );
    const session = await client.createSession('machine');
    expect((await session.callTool('whoami', {})).content).toEqual([{ type: 'text', text: clientId }]);
    await client.closeAllSessions();
  });

  it('fails with the OAuth error invalid_client for a wrong secret', async () => {
    const { clientId } = await registerMachineClient(as.issuer, { method: 'client_secret_basic' });
    const client = MCPClient.fromDict(
      {
        mcpServers: {
          machine: {
            url: mcp.url,
            auth: { grant: 'client_credentials', client_id: clientId, client_secret: 'not-the-secret' },
          },
        },
      },
      { tokenStore: createMemoryStore() },
    );
    const error = await client.createSession('machine').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokenRequestError);
    expect(error).toMatchObject({ code: 'auth_token_failed', oauthError: 'invalid_client' });
    expect(String((error as Error).message)).not.toContain('not-the-secret');
    await client.closeAllSessions();
  });

  it('fails with invalid_client for a key the client was not registered with, and with PrivateKeyError for no key', async () => {
    const registered = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const keyFile = join(folder, 'wrong-key.pem');
    writeFileSync(keyFile, other.privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
    const { clientId } = await registerMachineClient(as.issuer, {
      method: 'private_key_jwt',
      publicJwk: { ...registered.publicKey.export({ format: 'jwk' }), alg: 'ES256' },
    });
    const entry = (file: string) => ({
      mcpServers: {
        machine: {
          url: mcp.url,
          auth: { grant: 'client_credentials', client_id: clientId, private_key_file: file },
        },
      },
    });
    const wrong = MCPClient.fromDict(entry(keyFile), { tokenStore: createMemoryStore() });
    expect(await wrong.createSession('machine').catch((e: unknown) => e)).toMatchObject({
      code: 'auth_token_failed',
      oauthError: 'invalid_client',
    });
    await wrong.closeAllSessions();
    const missing = MCPClient.fromDict(entry(join(folder, 'no-such-key.pem')), {
      tokenStore: createMemoryStore(),
    });
    const error = await missing.createSession('machine').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PrivateKeyError);
    expect(error).toMatchObject({ code: 'auth_private_key' });
    await missing.closeAllSessions();
  });
});
