// No secret ever reaches the log or an error: a whole life cycle (register, sign in with a confidential client,
// refresh, a failed code exchange, logout) runs with a capturing log, then every token, code, verifier, state
// and client secret seen on the way is searched for in what was logged and thrown.
import { expect, it } from 'vitest';
import {
  completeAuthorization,
  OAuthSession,
  type PendingFlow,
  type TokenRecord,
  TokenRequestError,
} from '../../../src/auth/index';
import { storeKeys } from '../../../src/auth/storeKeys';
import { authorizeHeadless, registerConfidentialClient } from '../../support/oauthServers';
import { manualClock } from '../../support/manualClock';
import { testEnv } from './helpers';
import { CALLBACK_URL, startOAuthStack } from './oauthStack';

const stack = startOAuthStack({ authServer: { accessTtl: 2 } });

function describeError(error: unknown): string {
  const fields = error instanceof Error ? { ...error, message: error.message, stack: error.stack } : error;
  return `${String(error)} ${JSON.stringify(fields)} ${JSON.stringify((error as { cause?: unknown }).cause ?? null)}`;
}

it('never logs or throws a token, code, verifier, state or client secret', async () => {
  const { clientId, clientSecret } = await registerConfidentialClient(
    stack.authServer.issuer,
    CALLBACK_URL,
    'client_secret_post',
  );

  const time = manualClock();
  const env = testEnv({ now: time.now });
  const secrets = new Set<string>([clientSecret as string]);
  const tokensKey = storeKeys.tokens(stack.mcpServer.url, stack.authServer.issuer);
  const collectTokens = async () => {
    const record = await env.store.get<TokenRecord>(tokensKey);
    if (record?.accessToken) secrets.add(record.accessToken);
    if (record?.refreshToken) secrets.add(record.refreshToken);
  };
  const thrown: unknown[] = [];

  const session = new OAuthSession(
    { serverUrl: stack.mcpServer.url, callbackUrl: CALLBACK_URL, clientId, clientSecret },
    env,
  );
  const prepared = await session.prepareAuthorization({ flow: 'redirect' });
  const pending = await env.store.get<PendingFlow>(storeKeys.pending(prepared.state));
  secrets.add(pending?.codeVerifier as string);
  secrets.add(prepared.state);
  const callback = await authorizeHeadless(prepared.authorizationUrl, CALLBACK_URL);
  const code = callback.searchParams.get('code') as string;
  secrets.add(code);
  await completeAuthorization(callback, env);
  await collectTokens();

  time.advance(1_500); // inside the refresh skew of a 2-second token: a proactive refresh
  expect(await session.accessToken()).toBeTruthy();
  await collectTokens();

  // Redeeming a used code with a fresh pending flow fails at the token endpoint (invalid_grant).
  const second = await session.prepareAuthorization({ flow: 'redirect' });
  const secondPending = await env.store.get<PendingFlow>(storeKeys.pending(second.state));
  secrets.add(secondPending?.codeVerifier as string);
  const replay = new URL(callback);
  replay.searchParams.set('state', second.state);
  const failure = await completeAuthorization(replay, env).catch((e) => e);
  expect(failure).toBeInstanceOf(TokenRequestError);
  expect(failure.oauthError).toBe('invalid_grant');
  thrown.push(failure);

  await session.logout();

  expect(env.logs.length).toBeGreaterThan(5);
  const logged = env.logs.map((entry) => JSON.stringify(entry)).join('\n');
  for (const secret of secrets) {
    expect(secret.length).toBeGreaterThan(8);
    expect(logged).not.toContain(secret);
    for (const error of thrown) expect(describeError(error)).not.toContain(secret);
  }
});
