// Token refresh against the real authorization server: proactive refresh driven by an injected clock,
// single-flight refresh across sessions sharing a store, one reactive refresh on a real 401 (the MCP server's
// clock is moved past the token's expiry), and a revoked refresh token ending in "authorization required" with
// the tokens gone. No test waits for a token to expire: the clocks say when it has.
import { afterEach, describe, expect, it } from 'vitest';
import {
  AuthorizationRequiredError,
  OAuthSession,
  RefreshError,
  resolveEnv,
  type TokenRecord,
} from '../../../src/auth/index';
import { refreshTokens } from '../../../src/auth/refreshTokens';
import { storeKeys } from '../../../src/auth/storeKeys';
import { manualClock } from '../../support/manualClock';
import { callTool, type TestEnv, testEnv } from './helpers';
import { CALLBACK_URL, signIn, startOAuthStack } from './oauthStack';

/** Long enough that no token really expires during a test on a busy machine. */
const ACCESS_TTL_SECONDS = 20;
/** Three quarters into a token's life: inside the refresh skew, which is capped at half the lifetime. */
const NEAR_EXPIRY_MS = ACCESS_TTL_SECONDS * 750;

const stack = startOAuthStack({ authServer: { accessTtl: ACCESS_TTL_SECONDS } });

afterEach(async () => {
  await stack.mcpServer.setClockAhead(0);
});

async function refreshGrants(): Promise<number> {
  return (await stack.authServer.stats()).tokenRequests.byGrantType.refresh_token ?? 0;
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
    const time = manualClock();
    const session = await signedInSession(testEnv({ now: time.now }));
    const first = await session.accessToken();
    const before = await refreshGrants();
    expect(await session.accessToken()).toBe(first);
    expect(await refreshGrants()).toBe(before);

    time.advance(NEAR_EXPIRY_MS); // 5 s left of 20 s: inside the skew, which half the lifetime caps at 10 s
    const second = await session.accessToken();
    expect(second).toBeTruthy();
    expect(second).not.toBe(first);
    expect((await refreshGrants()) - before).toBe(1);
    expect((await callTool(stack.mcpServer.url, second, 'whoami')).status).toBe(200);
  });

  it('makes one token request when two sessions (tabs) refresh at the same time', async () => {
    const time = manualClock();
    const env = testEnv({ now: time.now });
    const tabA = await signedInSession(env);
    const tabB = new OAuthSession({ serverUrl: stack.mcpServer.url, callbackUrl: CALLBACK_URL }, env);
    const original = await tabB.accessToken();
    expect(original).toBe(await tabA.accessToken());

    time.advance(NEAR_EXPIRY_MS);
    const before = await refreshGrants();
    const [a, b] = await Promise.all([tabA.accessToken(), tabB.accessToken()]);
    expect(a).toBe(b);
    expect(a).not.toBe(original);
    expect((await refreshGrants()) - before).toBe(1);
  });
});

describe('reactive refresh', () => {
  it('refreshes once on a real 401, then asks for sign-in when the new token is refused too', async () => {
    // The client's clock stands still, so it believes the token fresh; the MCP server's clock moves past the
    // token's expiry, so its own check refuses the token.
    const session = await signedInSession(testEnv({ now: manualClock().now }));
    const first = await session.accessToken();
    await stack.mcpServer.setClockAhead(ACCESS_TTL_SECONDS + 1);
    const expired = await fetch(stack.mcpServer.url, {
      method: 'POST',
      headers: { authorization: `Bearer ${first}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(expired.status).toBe(401);
    expect(expired.headers.get('www-authenticate')).toMatch(/error="invalid_token".*expiration is past/);
    await stack.mcpServer.setClockAhead(0); // tokens issued from now on are fresh to the server again

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
    const session = await signedInSession(testEnv({ now: manualClock().now }));
    await session.accessToken();
    const before = await refreshGrants();
    await Promise.all([session.onUnauthorized(unauthorized()), session.onUnauthorized(unauthorized())]);
    expect((await refreshGrants()) - before).toBe(1);
  });
});

describe('refused refresh token', () => {
  it('ends in authorization required with the tokens deleted, and never retries in a loop', async () => {
    const time = manualClock();
    const env = testEnv({ now: time.now });
    const session = await signedInSession(env);
    await session.accessToken();
    expect(await stack.authServer.revokeAllRefreshTokens()).toBeGreaterThan(0);

    time.advance(NEAR_EXPIRY_MS);
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
