// The authorization code flow end to end against the real authorization server (oidc-provider, auto-consent)
// and the real OAuth-protected MCP server: prepare → headless consent → completeAuthorization → tool calls.
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  AuthorizationRequiredError,
  AuthorizationServerError,
  completeAuthorization,
  InvalidStateError,
  IssuerMismatchError,
  OAuthSession,
  PENDING_FLOW_TTL_MS,
} from '../../../src/auth/index';
import { authorizeHeadless } from '../../support/oauthServers';
import { callTool, type TestEnv, testEnv } from './helpers';
import { CALLBACK_URL, signIn, startOAuthStack } from './oauthStack';

const stack = startOAuthStack({ withOtherMcpServer: true });

beforeEach(async () => {
  await stack.authServer.setDeny(false);
});

async function codeGrants(): Promise<number> {
  return (await stack.authServer.stats()).tokenRequests.byGrantType.authorization_code ?? 0;
}

/** A session on a fresh store, with the authorization response the auto-consent server sends back. */
async function authorize(env: TestEnv = testEnv(), serverUrl = stack.mcpServer.url) {
  const session = new OAuthSession({ serverUrl, callbackUrl: CALLBACK_URL }, env);
  const prepared = await session.prepareAuthorization({ flow: 'popup', returnUrl: '/after-sign-in' });
  const callback = await authorizeHeadless(prepared.authorizationUrl, CALLBACK_URL);
  return { env, session, prepared, callback };
}

describe('authorization request', () => {
  it('carries PKCE S256, state, the resource indicator and the server scope', async () => {
    const env = testEnv();
    const session = new OAuthSession({ serverUrl: stack.mcpServer.url, callbackUrl: CALLBACK_URL }, env);
    const { authorizationUrl, state, expiresAt } = await session.prepareAuthorization({ flow: 'redirect' });
    const params = authorizationUrl.searchParams;
    expect(`${authorizationUrl.origin}${authorizationUrl.pathname}`).toBe(`${stack.authServer.issuer}/auth`);
    expect(params.get('response_type')).toBe('code');
    expect(params.get('code_challenge_method')).toBe('S256');
    expect(params.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(params.get('state')).toBe(state);
    expect(params.get('resource')).toBe(stack.mcpServer.url);
    expect(params.get('redirect_uri')).toBe(CALLBACK_URL);
    // PRM scopes_supported, plus offline_access because oidc-provider lists it (SEP-2207).
    expect(params.get('scope')).toBe('mcp:tools offline_access');
    expect(expiresAt).toBeGreaterThan(Date.now() + PENDING_FLOW_TTL_MS - 5_000);
  });
});

describe('completing the authorization', () => {
  it('stores tokens the MCP server accepts, for the signed-in user', async () => {
    const { env, session, prepared, callback } = await authorize();
    expect(await session.hasTokens()).toBe(false);
    const completed = await completeAuthorization(callback, env);
    expect(completed).toEqual({
      serverUrl: stack.mcpServer.url,
      returnUrl: '/after-sign-in',
      flow: 'popup',
      state: prepared.state,
    });
    const token = await session.accessToken();
    expect(token).toBeTruthy();
    const whoami = await callTool(stack.mcpServer.url, token, 'whoami');
    expect(whoami.status).toBe(200);
    expect(whoami.text).toContain('test-user');
  });

  it('keeps tokens per server: another MCP server gets none, and refuses the first one', async () => {
    const env = testEnv();
    const { session, callback } = await authorize(env);
    await completeAuthorization(callback, env);
    const token = await session.accessToken();
    const other = new OAuthSession({ serverUrl: stack.otherMcpServer.url, callbackUrl: CALLBACK_URL }, env);
    await other.prepareAuthorization({ flow: 'redirect' }); // same issuer, discovery done: still no token
    expect(await other.accessToken()).toBeUndefined();
    // RFC 8707: the token's audience is the first server, so the second one answers 401.
    expect((await callTool(stack.otherMcpServer.url, token, 'whoami')).status).toBe(401);
  });

  it('makes one code exchange when completed twice at once (React StrictMode)', async () => {
    const { env, callback } = await authorize();
    const before = await codeGrants();
    const [first, second] = await Promise.all([
      completeAuthorization(callback, env),
      completeAuthorization(callback, env),
    ]);
    expect(second).toEqual(first);
    expect((await codeGrants()) - before).toBe(1);
  });

  it('rejects a replayed state after the first completion', async () => {
    const { env, callback } = await authorize();
    await completeAuthorization(callback, env);
    const error = await completeAuthorization(callback, env).catch((e) => e);
    expect(error).toBeInstanceOf(InvalidStateError);
    expect(error).toMatchObject({ code: 'auth_invalid_state', reason: 'unknown' });
  });

  it('rejects an unknown state without any token request', async () => {
    const { env, callback } = await authorize();
    const before = await stack.authServer.stats();
    const forged = new URL(callback);
    forged.searchParams.set('state', 'never-issued-state');
    const error = await completeAuthorization(forged, env).catch((e) => e);
    expect(error).toMatchObject({ code: 'auth_invalid_state', reason: 'unknown' });
    expect((await stack.authServer.stats()).tokenRequests.total).toBe(before.tokenRequests.total);
  });

  it('rejects a response without state', async () => {
    const error = await completeAuthorization(new URLSearchParams({ code: 'x' }), testEnv()).catch((e) => e);
    expect(error).toMatchObject({ code: 'auth_invalid_state', reason: 'missing' });
  });

  it('rejects an expired flow, and the state stays used up', async () => {
    const { env, callback } = await authorize();
    const late = { ...env, now: () => Date.now() + PENDING_FLOW_TTL_MS + 1_000 };
    const error = await completeAuthorization(callback, late).catch((e) => e);
    expect(error).toMatchObject({ code: 'auth_invalid_state', reason: 'expired' });
    await expect(completeAuthorization(callback, env)).rejects.toMatchObject({ reason: 'unknown' });
  });

  it('rejects an iss from another authorization server before any token request (RFC 9207)', async () => {
    const { env, callback } = await authorize();
    const before = await stack.authServer.stats();
    const mixedUp = new URL(callback);
    expect(mixedUp.searchParams.get('iss')).toBe(stack.authServer.issuer);
    mixedUp.searchParams.set('iss', 'http://127.0.0.1:1');
    const error = await completeAuthorization(mixedUp, env).catch((e) => e);
    expect(error).toBeInstanceOf(IssuerMismatchError);
    expect(error).toMatchObject({
      where: 'authorization_response',
      expected: stack.authServer.issuer,
      actual: 'http://127.0.0.1:1',
    });
    expect((await stack.authServer.stats()).tokenRequests.total).toBe(before.tokenRequests.total);
  });

  it('compares iss by simple string comparison (a trailing slash is a mismatch)', async () => {
    const { env, callback } = await authorize();
    const variant = new URL(callback);
    variant.searchParams.set('iss', `${stack.authServer.issuer}/`);
    await expect(completeAuthorization(variant, env)).rejects.toBeInstanceOf(IssuerMismatchError);
  });

  it('rejects a missing iss when the server advertises it, before any token request', async () => {
    const { env, callback } = await authorize();
    const before = await stack.authServer.stats();
    const stripped = new URL(callback);
    stripped.searchParams.delete('iss');
    const error = await completeAuthorization(stripped, env).catch((e) => e);
    expect(error).toBeInstanceOf(IssuerMismatchError);
    expect(error.actual).toBeUndefined();
    expect((await stack.authServer.stats()).tokenRequests.total).toBe(before.tokenRequests.total);
  });

  it('surfaces access_denied with the server error code and the flow it belongs to', async () => {
    await stack.authServer.setDeny(true);
    const { env, prepared, callback } = await authorize();
    expect(callback.searchParams.get('error')).toBe('access_denied');
    const error = await completeAuthorization(callback, env).catch((e) => e);
    expect(error).toBeInstanceOf(AuthorizationServerError);
    expect(error).toMatchObject({
      code: 'auth_server_error',
      oauthError: 'access_denied',
      oauthErrorDescription: 'The test user denied access',
      flow: {
        serverUrl: stack.mcpServer.url,
        flow: 'popup',
        state: prepared.state,
        returnUrl: '/after-sign-in',
      },
    });
  });
});

describe('as the MCP SDK auth provider', () => {
  it('turns the first 401 into AuthorizationRequiredError, and connects after sign-in', async () => {
    const env = testEnv();
    const session = new OAuthSession({ serverUrl: stack.mcpServer.url, callbackUrl: CALLBACK_URL }, env);
    const connect = async () => {
      const client = new Client({ name: 'oauth-test', version: '1.0.0' });
      await client.connect(
        new StreamableHTTPClientTransport(new URL(stack.mcpServer.url), { authProvider: session }),
      );
      return client;
    };
    const refused = await connect().catch((e) => e);
    const required = refused instanceof AuthorizationRequiredError ? refused : refused?.cause;
    expect(required).toBeInstanceOf(AuthorizationRequiredError);
    expect(required).toMatchObject({
      reason: 'no_tokens',
      challenge: { resourceMetadata: stack.mcpServer.resourceMetadataUrl },
    });

    // The session remembered the challenge: no need to pass it back.
    await signIn(session, env, 'popup');
    const client = await connect();
    const result = await client.callTool({ name: 'whoami', arguments: {} });
    expect(JSON.stringify(result.content)).toContain('test-user');
    await client.close();
  });
});
