// Servers without Dynamic Client Registration, where a client registered by hand is required (GitHub, Slack,
// Asana, HubSpot): for each, on MCPClient and on the CLI, the precise error when the setting is missing, then a
// sign-in with the documented settings. (In a browser: tests/gallery/browser/, where a confidential client's secret
// stays in the app's backend: confidential.test.tsx.)
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
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
import { CLIENT_SECRET } from './support/kinds';

const servers: Partial<Record<'github' | 'slack' | 'asana' | 'hubspot', KindServers>> = {};
const { home, cleanup } = tempHome();
/** Exact redirect URIs registered for Slack's and Asana's apps: one for MCPClient, one for the CLI. */
const redirects: { node: string; cli: string }[] = [];

beforeAll(async () => {
  const ports = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  redirects.push(
    { node: `http://localhost:${ports[0]}/slack/oauth`, cli: `http://localhost:${ports[1]}/slack/oauth` },
    {
      node: `http://127.0.0.1:${ports[2]}/asana/callback`,
      cli: `http://127.0.0.1:${ports[3]}/asana/callback`,
    },
  );
  const [slack, asana] = redirects as [(typeof redirects)[0], (typeof redirects)[0]];
  [servers.github, servers.slack, servers.asana, servers.hubspot] = await Promise.all([
    startKind('github'),
    startKind('slack', { exact: [slack.node, slack.cli] }),
    startKind('asana', { exact: [asana.node, asana.cli] }),
    startKind('hubspot'),
  ]);
});
afterEach(closeNodeClients);
afterAll(async () => {
  await Promise.all(Object.values(servers).map((kind) => kind?.stop()));
  cleanup();
});

const url = (name: keyof typeof servers) => servers[name]!.mcp.url;
const connect = (name: string, ...flags: string[]) => [
  'client',
  'connect',
  url(name as keyof typeof servers),
  '--name',
  name,
  ...flags,
];

describe('GitHub-like: no registration endpoint, a confidential client', () => {
  it('MCPClient without client_id: the error says a client must be registered, and which setting takes it', async () => {
    const { error, prompts } = await connectNode(url('github'), { callback_port: await freePort() });
    expect(error).toMatchObject({ code: 'auth_client_id_required', name: 'ClientIdRequiredError' });
    expect(error?.message).toContain('`client_id` (config), `clientId` (useMcp) or `--client-id` (CLI)');
    expect(error?.message).toContain(servers.github!.as.issuer);
    expect(prompts).toHaveLength(0);
  });

  it('MCPClient with client_id and client_secret signs in', async () => {
    const { session, error } = await connectNode(url('github'), {
      auth: { client_id: 'github-app', client_secret: CLIENT_SECRET, callback_port: await freePort() },
    });
    expect(error).toBeUndefined();
    expect(await whoami(session!)).toBe('test-user');
  });

  it('the CLI without --client-id names --client-id; with --client-id and --client-secret-env it signs in', async () => {
    const port = String(await freePort());
    const missing = await runCliSigningIn(connect('github', '--callback-port', port), home);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^error: .*offers no dynamic client registration.*--client-id/m);
    expect(missing.signIns).toBe(0);

    const flags = [
      '--callback-port',
      port,
      '--client-id',
      'github-app',
      '--client-secret-env',
      'GITHUB_SECRET',
    ];
    const ok = await runCliSigningIn(connect('github', ...flags), home, { GITHUB_SECRET: CLIENT_SECRET });
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.signIns).toBe(1);
  });
});

describe('Slack-like: a public client with one exact redirect URI', () => {
  it('MCPClient without redirect_uri: the server refuses the redirect, and the error names redirect_uri', async () => {
    const { error, prompts } = await connectNode(url('slack'), {
      client_id: 'slack-app',
      callback_port: await freePort(),
    });
    expect(error).toMatchObject({ code: 'auth_redirect_uri_refused', where: 'authorization' });
    expect(error?.message).toContain(
      '`redirect_uri` (config), `callbackUrl` (useMcp) or `--redirect-uri` (CLI)',
    );
    expect(prompts).toHaveLength(0); // refused before anyone was sent to sign in
  });

  it('MCPClient with the registered redirect_uri listens there and signs in', async () => {
    const registered = redirects[0]!.node;
    const { session, error, prompts } = await connectNode(url('slack'), {
      client_id: 'slack-app',
      redirect_uri: registered,
    });
    expect(error).toBeUndefined();
    expect(prompts[0]?.callbackUrl).toBe(registered);
    expect(new URL(prompts[0]!.authorizationUrl).searchParams.get('redirect_uri')).toBe(registered);
    expect(await whoami(session!)).toBe('test-user');
  });

  it('the CLI: without --redirect-uri names it; with it, signs in, and later commands reuse the session', async () => {
    const missing = await runCliSigningIn(
      connect('slack', '--client-id', 'slack-app', '--callback-port', String(await freePort())),
      home,
    );
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^error: .*refused to start a sign-in.*--redirect-uri/m);

    const ok = await runCliSigningIn(
      connect('slack', '--client-id', 'slack-app', '--redirect-uri', redirects[0]!.cli),
      home,
    );
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stderr).toContain(`Waiting for the sign-in to come back to ${redirects[0]!.cli}`);
    const call = await runCliSigningIn(['client', 'tools', 'call', 'whoami', '--session', 'slack'], home);
    expect(call.code, call.stderr).toBe(0);
    expect(call.stdout).toBe('test-user\n');
    expect(call.signIns).toBe(0);
  });
});

describe('Asana-like: confidential (client_secret_basic), exact redirect, resource required', () => {
  const asana = () => ({ client_id: 'asana-app', redirect_uri: redirects[1]!.node });

  it('MCPClient without client_secret: the token endpoint refuses the client, and the error names client_secret', async () => {
    const { error } = await connectNode(url('asana'), asana());
    expect(error).toMatchObject({ code: 'auth_client_auth_refused', method: 'none' });
    expect(error?.message).toContain('`client_secret` (config) or `--client-secret-env` (CLI)');
  });

  it('MCPClient with resource: false: the server wants the resource, and the error says so', async () => {
    const { error } = await connectNode(url('asana'), {
      ...asana(),
      client_secret: CLIENT_SECRET,
      resource: false,
    });
    expect(error).toMatchObject({ code: 'auth_resource_rejected' });
    expect(error?.message).toContain('although no resource indicator was sent');
  });

  it('MCPClient with the documented settings signs in', async () => {
    const { session, error, prompts } = await connectNode(url('asana'), {
      ...asana(),
      client_secret: CLIENT_SECRET,
      token_endpoint_auth_method: 'client_secret_basic',
    });
    expect(error).toBeUndefined();
    expect(new URL(prompts[0]!.authorizationUrl).searchParams.get('resource')).toBe(url('asana'));
    expect(await whoami(session!)).toBe('test-user');
  });

  it('the CLI: without a secret names it; with --client-secret-env and --token-auth-method it signs in', async () => {
    const base = ['--client-id', 'asana-app', '--redirect-uri', redirects[1]!.cli];
    const missing = await runCliSigningIn(connect('asana', ...base), home);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(
      /^error: .*refused the client's authentication by none.*--client-secret-env/m,
    );

    const flags = [
      ...base,
      '--client-secret-env',
      'ASANA_SECRET',
      '--token-auth-method',
      'client_secret_basic',
    ];
    const ok = await runCliSigningIn(connect('asana', ...flags), home, { ASANA_SECRET: CLIENT_SECRET });
    expect(ok.code, ok.stderr).toBe(0);
  });
});

describe('HubSpot-like: client_secret_post only, and metadata that does not say so', () => {
  const hubspot = async () => ({
    client_id: 'hubspot-app',
    client_secret: CLIENT_SECRET,
    callback_port: await freePort(),
  });

  it('MCPClient without token_endpoint_auth_method: RFC 8414 says basic, the server refuses it, the error names the setting', async () => {
    const { error } = await connectNode(url('hubspot'), await hubspot());
    expect(error).toMatchObject({ code: 'auth_client_auth_refused', method: 'client_secret_basic' });
    expect(error?.message).toContain(
      '`token_endpoint_auth_method` (config), `tokenEndpointAuthMethod` (useMcp) or `--token-auth-method` (CLI)',
    );
  });

  it('MCPClient with token_endpoint_auth_method client_secret_post signs in', async () => {
    const { session, error } = await connectNode(url('hubspot'), {
      ...(await hubspot()),
      token_endpoint_auth_method: 'client_secret_post',
    });
    expect(error).toBeUndefined();
    expect(await whoami(session!)).toBe('test-user');
  });

  it('the CLI: without --token-auth-method names it; with client_secret_post it signs in', async () => {
    const base = ['--client-id', 'hubspot-app', '--client-secret-env', 'HUBSPOT_SECRET'];
    const port = ['--callback-port', String(await freePort())];
    const env = { HUBSPOT_SECRET: CLIENT_SECRET };
    const missing = await runCliSigningIn(connect('hubspot', ...base, ...port), home, env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^error: .*--token-auth-method/m);

    const ok = await runCliSigningIn(
      connect('hubspot', ...base, ...port, '--token-auth-method', 'client_secret_post'),
      home,
      env,
    );
    expect(ok.code, ok.stderr).toBe(0);
  });
});
