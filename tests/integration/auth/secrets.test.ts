// No secret ever reaches the log or an error: a whole life cycle (register, sign in with a confidential client,
// refresh, a failed code exchange, logout) runs with a capturing log, then every token, code, verifier, state
// and client secret seen on the way is searched for in what was logged and thrown.
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  completeAuthorization,
  OAuthSession,
  type PendingFlow,
  type TokenRecord,
  TokenRequestError,
} from '../../../src/auth/index';
import { storeKeys } from '../../../src/auth/storeKeys';
import {
  authorizeHeadless,
  type RunningAuthServer,
  type RunningOAuthMcpServer,
  startAuthServer,
  startOAuthMcpServer,
} from '../../support/oauthServers';
import { testEnv } from './helpers';

const CALLBACK_URL = 'http://127.0.0.1:9/callback';

let authServer: RunningAuthServer;
let mcpServer: RunningOAuthMcpServer;

beforeAll(async () => {
  authServer = await startAuthServer({ accessTtl: 2 });
  mcpServer = await startOAuthMcpServer({ issuer: authServer.issuer });
});

afterAll(async () => {
  await mcpServer?.stop();
  await authServer?.stop();
});

function describeError(error: unknown): string {
  const fields = error instanceof Error ? { ...error, message: error.message, stack: error.stack } : error;
  return `${String(error)} ${JSON.stringify(fields)} ${JSON.stringify((error as { cause?: unknown }).cause ?? null)}`;
}

it('never logs or throws a token, code, verifier, state or client secret', async () => {
  const registration = await fetch(`${authServer.issuer}/reg`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      redirect_uris: [CALLBACK_URL],
      grant_types: ['authorization_code', 'refresh_token'],
      token_endpoint_auth_method: 'client_secret_post',
      application_type: 'native',
    }),
  });
  const { client_id: clientId, client_secret: clientSecret } = (await registration.json()) as Record<
    string,
    string
  >;

  let offset = 0;
  const env = testEnv({ now: () => Date.now() + offset });
  const secrets = new Set<string>([clientSecret as string]);
  const tokensKey = storeKeys.tokens(mcpServer.url, authServer.issuer);
  const collectTokens = async () => {
    const record = await env.store.get<TokenRecord>(tokensKey);
    if (record?.accessToken) secrets.add(record.accessToken);
    if (record?.refreshToken) secrets.add(record.refreshToken);
  };
  const thrown: unknown[] = [];

  const session = new OAuthSession(
    { serverUrl: mcpServer.url, callbackUrl: CALLBACK_URL, clientId, clientSecret },
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

  offset = 1_500; // proactive refresh
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
