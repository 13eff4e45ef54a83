// Servers whose tokens need more than the spec's defaults: an authorization server named by another identifier
// than its metadata's issuer (Atlassian authv2, Salesforce), tokens for the MCP server only when the authorization
// request names an `audience` (Auth0), and an MCP server that takes the ID token as the bearer (Cognito behind
// Bedrock AgentCore). On MCPClient and on the CLI: the precise error without the setting, then the setting at work.
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
import { AUTH0_API, COGNITO_CLIENT } from './support/kinds';

let issuer: KindServers;
let auth0: KindServers;
let cognito: KindServers;
const { home, cleanup } = tempHome();

beforeAll(async () => {
  [issuer, auth0, cognito] = await Promise.all([
    startKind('issuer'),
    startKind('auth0'),
    startKind('cognito'),
  ]);
});
afterEach(closeNodeClients);
afterAll(async () => {
  await Promise.all([issuer?.stop(), auth0?.stop(), cognito?.stop()]);
  cleanup();
});

const cli = (url: string, name: string, ...flags: string[]) =>
  runCliSigningIn(['client', 'connect', url, '--name', name, ...flags], home);

describe('Atlassian authv2 / Salesforce-like: the issuer differs from the identifier the server names', () => {
  const named = () => `http://localhost:${issuer.as.port}`;

  it('MCPClient with no settings: refused (RFC 8414 §3.3), and the error names trust_issuer with the exact value', async () => {
    const { error, prompts } = await connectNode(issuer.mcp.url, { callback_port: await freePort() });
    expect(error).toMatchObject({
      code: 'auth_issuer_mismatch',
      expected: named(),
      actual: issuer.as.issuer,
    });
    expect(error?.message).toContain(
      `set \`trust_issuer\` (config), \`trustIssuer\` (useMcp) or \`--trust-issuer\` (CLI) to "${issuer.as.issuer}"`,
    );
    expect(prompts).toHaveLength(0);
  });

  it('MCPClient with trust_issuer signs in, and says so at warn every time', async () => {
    const { session, error, log } = await connectNode(issuer.mcp.url, {
      trust_issuer: issuer.as.issuer,
      callback_port: await freePort(),
    });
    expect(error).toBeUndefined();
    expect(await whoami(session!)).toBe('test-user');
    const warnings = log.filter((entry) => entry.level === 'warn' && entry.message.includes(named()));
    expect(warnings.map((entry) => entry.message)).toEqual([
      expect.stringContaining('as trust_issuer says'),
      expect.stringContaining('signing in with an authorization server whose issuer differs'),
    ]);
  });

  it('MCPClient with trust_issuer naming another issuer is still refused', async () => {
    const { error } = await connectNode(issuer.mcp.url, {
      trust_issuer: 'http://127.0.0.1:1',
      callback_port: await freePort(),
    });
    expect(error).toMatchObject({ code: 'auth_issuer_mismatch' });
    expect(error?.message).toContain(
      `the trust_issuer setting accepts "http://127.0.0.1:1", not "${issuer.as.issuer}"`,
    );
  });

  it('the CLI: the refusal names --trust-issuer; with it, signs in', async () => {
    const port = String(await freePort());
    const missing = await cli(issuer.mcp.url, 'salesforce', '--callback-port', port);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^error: Authorization server metadata names .*--trust-issuer/m);
    const ok = await cli(
      issuer.mcp.url,
      'salesforce',
      '--callback-port',
      port,
      '--trust-issuer',
      issuer.as.issuer,
    );
    expect(ok.code, ok.stderr).toBe(0);
  });
});

describe('Auth0-like: a token for the API only with audience=<api>', () => {
  it('MCPClient with no settings: the tokens of two sign-ins are refused, and the error names authorization_params', async () => {
    const { error, prompts } = await connectNode(auth0.mcp.url, { callback_port: await freePort() });
    expect(error).toMatchObject({ code: 'auth_token_refused', bearer: 'access_token' });
    expect(error?.message).toContain('audience=<its API> in `authorization_params` (config)');
    expect(prompts).toHaveLength(2);
  });

  it('MCPClient with authorization_params audience signs in', async () => {
    const { session, error } = await connectNode(auth0.mcp.url, {
      authorization_params: { audience: AUTH0_API },
      callback_port: await freePort(),
    });
    expect(error).toBeUndefined();
    expect(await whoami(session!)).toBe('test-user');
  });

  it('the CLI: the refusal names --authorize-param; with audience=, signs in', async () => {
    const port = String(await freePort());
    const missing = await cli(auth0.mcp.url, 'auth0', '--callback-port', port);
    expect(missing.code).toBe(1);
    expect(missing.signIns).toBe(2);
    expect(missing.stderr).toMatch(/^error: .*for the second sign-in in a row.*--authorize-param/m);
    const ok = await cli(
      auth0.mcp.url,
      'auth0',
      '--callback-port',
      port,
      '--authorize-param',
      `audience=${AUTH0_API}`,
    );
    expect(ok.code, ok.stderr).toBe(0);
  });
});

describe('Cognito / AgentCore-like: the ID token is the bearer', () => {
  const cognitoClient = async () => ({ client_id: COGNITO_CLIENT, callback_port: await freePort() });

  it('MCPClient without use_id_token: the access tokens are refused, and the error names use_id_token', async () => {
    const { error } = await connectNode(cognito.mcp.url, await cognitoClient());
    expect(error).toMatchObject({ code: 'auth_token_refused' });
    expect(error?.message).toContain(
      '`use_id_token` (config), `useIdToken` (useMcp) or `--use-id-token` (CLI)',
    );
  });

  it('MCPClient with use_id_token asks for openid and sends the ID token', async () => {
    const { session, error, prompts } = await connectNode(cognito.mcp.url, {
      ...(await cognitoClient()),
      use_id_token: true,
    });
    expect(error).toBeUndefined();
    expect(new URL(prompts[0]!.authorizationUrl).searchParams.get('scope')?.split(' ')).toContain('openid');
    expect(await whoami(session!)).toBe('test-user');
  });

  it('the CLI: with --use-id-token it signs in, and later commands send the ID token too', async () => {
    const flags = ['--client-id', COGNITO_CLIENT, '--callback-port', String(await freePort())];
    const missing = await cli(cognito.mcp.url, 'cognito', ...flags);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^error: .*--use-id-token/m);
    const ok = await cli(cognito.mcp.url, 'cognito', ...flags, '--use-id-token');
    expect(ok.code, ok.stderr).toBe(0);
    const call = await runCliSigningIn(['client', 'tools', 'call', 'whoami', '--session', 'cognito'], home);
    expect(call.stdout).toBe('test-user\n');
    expect(call.signIns).toBe(0);
  });
});
