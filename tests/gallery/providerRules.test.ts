// Identity providers with rules of their own in front of MCP servers: Google (refresh tokens only for
// access_type=offline&prompt=consent, `offline_access` refused as a scope) and Microsoft Entra ID (the RFC 8707
// `resource` parameter refused with invalid_target, the audience named by a `<app>/.default` scope). On MCPClient
// and on the CLI: the precise error or warning without the setting, then the documented settings at work.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/auth/memoryStore';
import { storeKeys } from '../../src/auth/storeKeys';
import type { TokenRecord } from '../../src/auth/types';
import { tempHome } from '../cli/support/cli';
import { freePort } from '../fixtures/loopbackSignIn';
import {
  closeNodeClients,
  connectNode,
  type KindServers,
  runCliSigningIn,
  startKind,
  whoami,
} from './support/gallery';
import { CLIENT_SECRET, ENTRA_APP } from './support/kinds';

let google: KindServers;
let entra: KindServers;
const { home, cleanup } = tempHome();

beforeAll(async () => {
  [google, entra] = await Promise.all([startKind('google'), startKind('entra')]);
});
afterEach(closeNodeClients);
afterAll(async () => {
  await Promise.all([google?.stop(), entra?.stop()]);
  cleanup();
});

const OFFLINE = { access_type: 'offline', prompt: 'consent' };

/** The tokens a CLI session saved, as the engine stores them. */
function savedTokens(name: string, kind: KindServers): TokenRecord | undefined {
  const file = JSON.parse(readFileSync(join(home, '.mcp-use', 'cli-sessions.json'), 'utf8'));
  return file.sessions[name]?.oauth?.store?.[storeKeys.tokens(kind.mcp.url, kind.as.issuer)];
}

describe('Google-like: refresh tokens only when asked with access_type=offline and prompt=consent', () => {
  const googleClient = async () => ({
    client_id: 'google-app',
    client_secret: CLIENT_SECRET,
    callback_port: await freePort(),
  });

  it('MCPClient without authorization_params signs in without a refresh token, and the log says which setting asks for one', async () => {
    const store = createMemoryStore();
    const { session, log } = await connectNode(google.mcp.url, await googleClient(), store);
    expect(await whoami(session!)).toBe('test-user');
    const tokens = await store.get<TokenRecord>(storeKeys.tokens(google.mcp.url, google.as.issuer));
    expect(tokens?.refreshToken).toBeUndefined();
    const warning = log.find((entry) => entry.message.includes('without a refresh token'));
    expect(warning?.level).toBe('warn');
    expect(warning?.message).toContain('authorization_params');
  });

  it('MCPClient asking for offline_access as a scope: invalid_scope, and the error points to authorization_params', async () => {
    const { error } = await connectNode(google.mcp.url, {
      ...(await googleClient()),
      scope: 'mcp:tools offline_access',
    });
    expect(error).toMatchObject({ code: 'auth_scope_rejected', scope: 'mcp:tools offline_access' });
    expect(error?.message).toContain('`scope` (config), `scope` (useMcp) or `--scope` (CLI)');
    expect(error?.message).toContain('`authorization_params` (config)');
  });

  it('MCPClient with authorization_params access_type=offline, prompt=consent gets a refresh token', async () => {
    const store = createMemoryStore();
    const { session, prompts, log } = await connectNode(
      google.mcp.url,
      { ...(await googleClient()), authorization_params: OFFLINE },
      store,
    );
    expect(await whoami(session!)).toBe('test-user');
    const params = new URL(prompts[0]!.authorizationUrl).searchParams;
    expect([params.get('access_type'), params.get('prompt')]).toEqual(['offline', 'consent']);
    const tokens = await store.get<TokenRecord>(storeKeys.tokens(google.mcp.url, google.as.issuer));
    expect(tokens?.refreshToken).toBeTruthy();
    expect(log.some((entry) => entry.message.includes('without a refresh token'))).toBe(false);
  });

  it('the CLI: --authorize-param gets a refresh token, saved with the session; a parameter the sign-in owns is refused', async () => {
    const base = ['--client-id', 'google-app', '--client-secret-env', 'GOOGLE_SECRET'];
    const env = { GOOGLE_SECRET: CLIENT_SECRET };
    const port = String(await freePort());
    const connect = (name: string, ...flags: string[]) =>
      runCliSigningIn(
        ['client', 'connect', google.mcp.url, '--name', name, ...base, '--callback-port', port, ...flags],
        home,
        env,
      );

    const plain = await connect('google-plain');
    expect(plain.code, plain.stderr).toBe(0);
    expect(savedTokens('google-plain', google)?.refreshToken).toBeUndefined();

    const offline = await connect(
      'google',
      '--authorize-param',
      'access_type=offline',
      '--authorize-param',
      'prompt=consent',
    );
    expect(offline.code, offline.stderr).toBe(0);
    expect(savedTokens('google', google)?.refreshToken).toBeTruthy();

    const owned = await connect('google-owned', '--authorize-param', 'scope=email');
    expect(owned.code).toBe(2);
    expect(owned.stderr).toMatch(/^error: --authorize-param may not set scope: use --scope instead$/m);
  });
});

describe('Entra-like: no resource parameter, the audience in an <app>/.default scope', () => {
  const entraClient = async () => ({ client_id: 'entra-app', callback_port: await freePort() });

  it('MCPClient with no settings: invalid_target, and the error says to leave resource out', async () => {
    const { error } = await connectNode(entra.mcp.url, await entraClient());
    expect(error).toMatchObject({ code: 'auth_resource_rejected', resource: entra.mcp.url });
    expect(error?.message).toContain(
      'set `resource` to false (config, useMcp) or connect with `--no-resource` (CLI)',
    );
  });

  it('MCPClient with resource: false but no scope: invalid_scope, and the error names scope', async () => {
    const { error } = await connectNode(entra.mcp.url, { ...(await entraClient()), resource: false });
    expect(error).toMatchObject({ code: 'auth_scope_rejected' });
    expect(error?.message).toContain('`--scope` (CLI)');
  });

  it('MCPClient with resource: false and the .default scope signs in; no request carries resource', async () => {
    const { session, error, prompts } = await connectNode(entra.mcp.url, {
      ...(await entraClient()),
      resource: false,
      scope: `${ENTRA_APP}/.default`,
    });
    expect(error).toBeUndefined();
    expect(new URL(prompts[0]!.authorizationUrl).searchParams.has('resource')).toBe(false);
    expect(await whoami(session!)).toBe('test-user');
  });

  it('the CLI: without settings names --no-resource; with --no-resource and --scope it signs in, and later commands reuse them', async () => {
    const port = String(await freePort());
    const connect = (...flags: string[]) =>
      runCliSigningIn(
        [
          'client',
          'connect',
          entra.mcp.url,
          '--name',
          'entra',
          '--client-id',
          'entra-app',
          '--callback-port',
          port,
          ...flags,
        ],
        home,
      );
    const missing = await connect();
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^error: .*invalid_target.*--no-resource/m);

    const ok = await connect('--no-resource', '--scope', `${ENTRA_APP}/.default`);
    expect(ok.code, ok.stderr).toBe(0);
    const call = await runCliSigningIn(['client', 'tools', 'call', 'whoami', '--session', 'entra'], home);
    expect(call.stdout).toBe('test-user\n');
    expect(call.signIns).toBe(0);
  });
});
