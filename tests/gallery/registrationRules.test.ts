// Servers that offer Dynamic Client Registration with rules of their own: Atlassian (no loopback redirect URIs at
// DCR, but Client ID Metadata Documents whose redirect_uris match the redirect used), Figma (only allow-listed
// client names) and Vercel (loopback redirect URIs only). On MCPClient and on the CLI: the precise error without the
// setting, then the documented setting at work. Vercel's rule leaves out browsers (an app's page is not on
// loopback): its refusal of a web redirect URI is shown here through the engine, as a browser app would meet it.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/auth/memoryStore';
import { OAuthSession } from '../../src/auth/OAuthSession';
import { tempHome } from '../cli/support/cli';
import { freePort } from '../fixtures/loopbackSignIn';
import { type MetadataDocuments, startMetadataDocuments } from '../support/metadataDocuments';
import {
  closeNodeClients,
  connectNode,
  type KindServers,
  runCliSigningIn,
  startKind,
  whoami,
} from './support/gallery';
import { FIGMA_CLIENT_NAME } from './support/kinds';

let atlassian: KindServers;
let figma: KindServers;
let vercel: KindServers;
let documents: MetadataDocuments;
const { home, cleanup } = tempHome();

beforeAll(async () => {
  [atlassian, figma, vercel, documents] = await Promise.all([
    startKind('atlassian'),
    startKind('figma'),
    startKind('vercel'),
    startMetadataDocuments(),
  ]);
});
afterEach(closeNodeClients);
afterAll(async () => {
  await Promise.all([atlassian?.stop(), figma?.stop(), vercel?.stop(), documents?.close()]);
  cleanup();
});

const cli = (url: string, name: string, ...flags: string[]) =>
  runCliSigningIn(['client', 'connect', url, '--name', name, ...flags], home);

describe('Atlassian-like: DCR refuses loopback redirect URIs, a Client ID Metadata Document works', () => {
  it('MCPClient with no settings: the registration is refused, and the error names client_metadata_url', async () => {
    const { error, prompts } = await connectNode(atlassian.mcp.url, { callback_port: await freePort() });
    expect(error).toMatchObject({
      code: 'auth_redirect_uri_refused',
      where: 'registration',
      oauthError: 'invalid_redirect_uri',
    });
    expect(error?.message).toContain(
      '`client_metadata_url` (config), `clientMetadataUrl` (useMcp) or `--client-metadata-url` (CLI)',
    );
    expect(prompts).toHaveLength(0);
  });

  it('MCPClient with a metadata document listing its redirect URI (port included) signs in with that client id', async () => {
    const port = await freePort();
    const clientId = documents.publish('atlassian-node', [`http://127.0.0.1:${port}/callback`]);
    const { session, error, prompts } = await connectNode(atlassian.mcp.url, {
      client_metadata_url: clientId,
      callback_port: port,
    });
    expect(error).toBeUndefined();
    expect(new URL(prompts[0]!.authorizationUrl).searchParams.get('client_id')).toBe(clientId);
    expect(await whoami(session!)).toBe('test-user');
    expect((await atlassian.as.stats()).registrations).toBe(0);
  });

  it('the CLI: the refusal names --client-metadata-url; with it, signs in', async () => {
    const port = await freePort();
    const missing = await cli(atlassian.mcp.url, 'atlassian', '--callback-port', String(port));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^error: .*refused to register the redirect URI.*--client-metadata-url/m);

    const clientId = documents.publish('atlassian-cli', [`http://127.0.0.1:${port}/callback`]);
    const ok = await cli(
      atlassian.mcp.url,
      'atlassian',
      '--callback-port',
      String(port),
      '--client-metadata-url',
      clientId,
    );
    expect(ok.code, ok.stderr).toBe(0);
  });
});

describe('Figma-like: DCR registers only allow-listed client names', () => {
  it('MCPClient with the default client name: refused (HTTP 403), and the error names client_name', async () => {
    const { error } = await connectNode(figma.mcp.url, { callback_port: await freePort() });
    expect(error).toMatchObject({ code: 'auth_registration_failed', status: 403 });
    expect(error?.message).toContain(
      '`client_name` (config), `clientName` (useMcp) or `--client-name` (CLI)',
    );
  });

  it('MCPClient with an allow-listed client_name registers and signs in', async () => {
    const { session, error } = await connectNode(figma.mcp.url, {
      client_name: FIGMA_CLIENT_NAME,
      callback_port: await freePort(),
    });
    expect(error).toBeUndefined();
    expect(await whoami(session!)).toBe('test-user');
  });

  it('the CLI: the refusal names --client-name; with it, signs in', async () => {
    const port = String(await freePort());
    const missing = await cli(figma.mcp.url, 'figma', '--callback-port', port);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^error: .*HTTP 403.*--client-name/m);
    const ok = await cli(figma.mcp.url, 'figma', '--callback-port', port, '--client-name', FIGMA_CLIENT_NAME);
    expect(ok.code, ok.stderr).toBe(0);
  });
});

describe('Vercel-like: DCR accepts loopback redirect URIs only', () => {
  it("a web app's redirect URI is refused at registration, and the error says what to use instead", async () => {
    const session = new OAuthSession(
      { serverUrl: vercel.mcp.url, callbackUrl: 'https://app.example.com/callback', applicationType: 'web' },
      { store: createMemoryStore() },
    );
    const error = await session.prepareAuthorization({ flow: 'popup' }).catch((e) => e);
    expect(error).toMatchObject({ code: 'auth_redirect_uri_refused', where: 'registration' });
    expect(error.message).toContain('only loopback redirect URIs are allowed');
    expect(error.message).toContain('`callbackUrl` (useMcp)');
  });

  it('MCPClient and the CLI need no setting: their loopback redirect is what it accepts', async () => {
    const port = await freePort();
    const { session, error } = await connectNode(vercel.mcp.url, { callback_port: port });
    expect(error).toBeUndefined();
    expect(await whoami(session!)).toBe('test-user');
    const ok = await cli(vercel.mcp.url, 'vercel', '--callback-port', String(await freePort()));
    expect(ok.code, ok.stderr).toBe(0);
  });
});
