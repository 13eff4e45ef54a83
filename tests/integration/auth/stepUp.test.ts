// Step-up authorization on 403 insufficient_scope, against the real MCP server's `admin_echo` tool (which
// needs `mcp:admin`) and the real authorization server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AuthorizationRequiredError,
  completeAuthorization,
  MAX_SCOPES,
  OAuthSession,
  parseBearerChallenge,
  StepUpExhaustedError,
} from '../../../src/auth/index';
import {
  authorizeHeadless,
  type RunningAuthServer,
  type RunningOAuthMcpServer,
  startAuthServer,
  startOAuthMcpServer,
} from '../../support/oauthServers';
import { callTool, testEnv } from './helpers';

const CALLBACK_URL = 'http://127.0.0.1:9/callback';

let authServer: RunningAuthServer;
let mcpServer: RunningOAuthMcpServer;

beforeAll(async () => {
  authServer = await startAuthServer();
  mcpServer = await startOAuthMcpServer({ issuer: authServer.issuer, requiredScope: 'mcp:admin' });
});

afterAll(async () => {
  await mcpServer?.stop();
  await authServer?.stop();
});

async function signIn(session: OAuthSession, env: ReturnType<typeof testEnv>) {
  const prepared = await session.prepareAuthorization({ flow: 'redirect' });
  await completeAuthorization(await authorizeHeadless(prepared.authorizationUrl, CALLBACK_URL), env);
  return prepared;
}

describe('step-up on 403 insufficient_scope', () => {
  it('asks for the union of granted and required scopes, after which the tool works', async () => {
    const env = testEnv();
    const session = new OAuthSession({ serverUrl: mcpServer.url, callbackUrl: CALLBACK_URL }, env);
    await signIn(session, env);
    const refused = await callTool(mcpServer.url, await session.accessToken(), 'admin_echo', { text: 'hi' });
    expect(refused.status).toBe(403);
    const challenge = parseBearerChallenge(refused.wwwAuthenticate);
    expect(challenge).toMatchObject({ error: 'insufficient_scope', scope: 'mcp:admin' });

    const error = await session.onInsufficientScope(challenge?.scope).catch((e) => e);
    expect(error).toBeInstanceOf(AuthorizationRequiredError);
    expect(error).toMatchObject({ reason: 'insufficient_scope', scope: 'mcp:tools mcp:admin', status: 403 });

    const prepared = await signIn(session, env);
    expect(prepared.authorizationUrl.searchParams.get('scope')).toBe('mcp:tools mcp:admin offline_access');
    const allowed = await callTool(mcpServer.url, await session.accessToken(), 'admin_echo', { text: 'hi' });
    expect(allowed.status).toBe(200);
    expect(allowed.text).toContain('admin: hi');
  });

  it('gives up after two step-ups for the same scopes instead of looping', async () => {
    const session = new OAuthSession({ serverUrl: mcpServer.url, callbackUrl: CALLBACK_URL }, testEnv());
    await expect(session.onInsufficientScope('mcp:admin')).rejects.toBeInstanceOf(AuthorizationRequiredError);
    await expect(session.onInsufficientScope('mcp:admin')).rejects.toBeInstanceOf(AuthorizationRequiredError);
    const error = await session.onInsufficientScope('mcp:admin').catch((e) => e);
    expect(error).toBeInstanceOf(StepUpExhaustedError);
    expect(error).toMatchObject({ code: 'forbidden', requiredScope: 'mcp:admin' });
  });

  it(`refuses to grow the requested scopes past ${MAX_SCOPES}`, async () => {
    const session = new OAuthSession({ serverUrl: mcpServer.url, callbackUrl: CALLBACK_URL }, testEnv());
    const many = Array.from({ length: MAX_SCOPES + 1 }, (_, i) => `scope:${i}`).join(' ');
    await expect(session.onInsufficientScope(many)).rejects.toBeInstanceOf(StepUpExhaustedError);
  });
});
