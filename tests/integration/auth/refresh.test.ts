// Token refresh against the real authorization server with 2-second access tokens: proactive refresh driven by
// an injected clock, single-flight refresh across sessions sharing a store, one reactive refresh on 401, and a
// revoked refresh token ending in "authorization required" with the tokens gone.
import { describe, expect, it } from 'vitest';
import {
  AuthorizationRequiredError,
  OAuthSession,
  RefreshError,
  resolveEnv,
  type TokenRecord,
} from '../../../src/auth/index';
import { refreshTokens } from '../../../src/auth/refreshTokens';
import { storeKeys } from '../../../src/auth/storeKeys';
import { callTool, type TestEnv, testEnv } from './helpers';
import { CALLBACK_URL, signIn, startOAuthStack } from './oauthStack';

const ACCESS_TTL_SECONDS = 2;

const stack = startOAuthStack({ authServer: { accessTtl: ACCESS_TTL_SECONDS } });

async function refreshGrants(): Promise<number> {
  return (await stack.authServer.stats()).tokenRequests.byGrantType.refresh_token ?? 0;
}

/** A controllable clock: real time plus an offset the test moves forward. */
function clock() {
  const state = { offset: 0, frozenAt: undefined as number | undefined };
  return {
    state,
    now: () => (state.frozenAt ?? Date.now()) + state.offset,
  };
}

/** A session for the MCP server, signed in. */
async function signedInSession(env: TestEnv): Promise<OAuthSession> {
  const session = new OAuthSession({ serverUrl: stack.mcpServer.url, callbackUrl: CALLBACK_URL }, env);
  await signIn(session, env);
  return session;
}

const unauthorized = () =>
  new Response(null, { status: 401, headers: { 'www-authenticate': 'Bearer error="invalid_token"' } });

describe('proactive refresh', () => {
  it('hands out the stored token while it is fresh, and refreshes it once it nears expiry', async () => {
    const time = clock();
    const session = await signedInSession(testEnv({ now: time.now }));
    const first = await session.accessToken();
    const before = await refreshGrants();
    expect(await session.accessToken()).toBe(first);
    expect(await refreshGrants()).toBe(before);

    time.state.offset = 1_500; // 0.5 s left of 2 s: inside the skew (capped at half the lifetime)
    const second = await session.accessToken();
    expect(second).toBeTruthy();
    expect(second).not.toBe(first);
    expect((await refreshGrants()) - before).toBe(1);
    expect((await callTool(stack.mcpServer.url, second, 'whoami')).status).toBe(200);
  });

  it('makes one token request when two sessions (tabs) refresh at the same time', async () => {
    const time = clock();
    const env = testEnv({ now: time.now });
    const tabA = await signedInSession(env);
    const tabB = new OAuthSession({ serverUrl: stack.mcpServer.url, callbackUrl: CALLBACK_URL }, env);
    const original = await tabB.accessToken();
    expect(original).toBe(await tabA.accessToken());

    time.state.offset = 1_500;
    const before = await refreshGrants();
    const [a, b] = await Promise.all([tabA.accessToken(), tabB.accessToken()]);
    expect(a).toBe(b);
    expect(a).not.toBe(original);
    expect((await refreshGrants()) - before).toBe(1);
  });
});

describe('reactive refresh', () => {
  it('refreshes once on a real 401, then asks for sign-in when the new token is refused too', async () => {
    const time = clock();
    time.state.frozenAt = Date.now(); // the client believes the token is fresh; the server knows better
    const session = await signedInSession(testEnv({ now: time.now }));
    const first = await session.accessToken();
    await new Promise((resolve) => setTimeout(resolve, ACCESS_TTL_SECONDS * 1000 + 300));
    const expired = await fetch(stack.mcpServer.url, {
      method: 'POST',
      headers: { authorization: `Bearer ${first}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(expired.status).toBe(401);

    const before = await refreshGrants();
    await session.onUnauthorized(expired);
    expect((await refreshGrants()) - before).toBe(1);
    const second = await session.accessToken();
    expect(second).not.toBe(first);
    expect((await callTool(stack.mcpServer.url, second, 'whoami')).status).toBe(200);

    // The refreshed token is refused as well: no second refresh, the user has to sign in.
    const error = await session.onUnauthorized(unauthorized()).catch((e) => e);
    expect(error).toBeInstanceOf(AuthorizationRequiredError);
    expect(error.reason).toBe('token_rejected');
    expect((await refreshGrants()) - before).toBe(1);
    expect(await session.hasTokens()).toBe(false);
  });

  it('refreshes once for concurrent 401s of one session (SDK requests in parallel)', async () => {
    const time = clock();
    time.state.frozenAt = Date.now();
    const session = await signedInSession(testEnv({ now: time.now }));
    await session.accessToken();
    const before = await refreshGrants();
    await Promise.all([session.onUnauthorized(unauthorized()), session.onUnauthorized(unauthorized())]);
    expect((await refreshGrants()) - before).toBe(1);
  });
});

describe('refused refresh token', () => {
  it('ends in authorization required with the tokens deleted, and never retries in a loop', async () => {
    const time = clock();
    const env = testEnv({ now: time.now });
    const session = await signedInSession(env);
    await session.accessToken();
    expect(await stack.authServer.revokeAllRefreshTokens()).toBeGreaterThan(0);

    time.state.offset = 1_500;
    const before = await refreshGrants();
    expect(await session.accessToken()).toBeUndefined();
    expect(await session.hasTokens()).toBe(false);
    expect((await refreshGrants()) - before).toBe(1);

    const response = await fetch(stack.mcpServer.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    const error = await session.onUnauthorized(response).catch((e) => e);
    expect(error).toBeInstanceOf(AuthorizationRequiredError);
    expect(error).toMatchObject({ code: 'auth_required', reason: 'refresh_failed' });
    expect(await session.accessToken()).toBeUndefined();
    expect((await refreshGrants()) - before).toBe(1);
  });
});

describe('logout', () => {
  it('revokes the refresh token at the authorization server and deletes the tokens', async () => {
    const env = testEnv();
    const session = await signedInSession(env);
    const record = (await env.store.get<TokenRecord>(
      storeKeys.tokens(stack.mcpServer.url, stack.authServer.issuer),
    )) as TokenRecord;
    expect(record.refreshToken).toBeTruthy();
    const before = (await stack.authServer.stats()).revocations;

    await session.logout();
    expect(await session.hasTokens()).toBe(false);
    expect((await stack.authServer.stats()).revocations - before).toBeGreaterThanOrEqual(1);
    const error = await refreshTokens(record, resolveEnv(env)).catch((e) => e);
    expect(error).toBeInstanceOf(RefreshError);
    expect(error.oauthError).toBe('invalid_grant');
  });
});
