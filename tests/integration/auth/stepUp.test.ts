// Step-up authorization on 403 insufficient_scope, against the real MCP server's `admin_echo` tool (which
// needs `mcp:admin`) and the real authorization server.
import { describe, expect, it } from 'vitest';
import {
  AuthorizationRequiredError,
  MAX_SCOPES,
  OAuthSession,
  parseBearerChallenge,
  StepUpExhaustedError,
} from '../../../src/auth/index';
import { callTool, testEnv } from './helpers';
import { CALLBACK_URL, signIn, startOAuthStack } from './oauthStack';

const stack = startOAuthStack({ mcpServer: { requiredScope: 'mcp:admin' } });

describe('step-up on 403 insufficient_scope', () => {
  it('asks for the union of granted and required scopes, after which the tool works', async () => {
    const env = testEnv();
    const session = new OAuthSession({ serverUrl: stack.mcpServer.url, callbackUrl: CALLBACK_URL }, env);
    await signIn(session, env);
    const refused = await callTool(stack.mcpServer.url, await session.accessToken(), 'admin_echo', {
      text: 'hi',
    });
    expect(refused.status).toBe(403);
    const challenge = parseBearerChallenge(refused.wwwAuthenticate);
    expect(challenge).toMatchObject({ error: 'insufficient_scope', scope: 'mcp:admin' });

    const error = await session.onInsufficientScope(challenge?.scope).catch((e) => e);
    expect(error).toBeInstanceOf(AuthorizationRequiredError);
    expect(error).toMatchObject({ reason: 'insufficient_scope', scope: 'mcp:tools mcp:admin', status: 403 });

    const prepared = await signIn(session, env);
    expect(prepared.authorizationUrl.searchParams.get('scope')).toBe('mcp:tools mcp:admin offline_access');
    const allowed = await callTool(stack.mcpServer.url, await session.accessToken(), 'admin_echo', {
      text: 'hi',
    });
    expect(allowed.status).toBe(200);
    expect(allowed.text).toContain('admin: hi');
  });

  it('gives up after two step-ups for the same scopes instead of looping', async () => {
    const session = new OAuthSession(
      { serverUrl: stack.mcpServer.url, callbackUrl: CALLBACK_URL },
      testEnv(),
    );
    await expect(session.onInsufficientScope('mcp:admin')).rejects.toBeInstanceOf(AuthorizationRequiredError);
    await expect(session.onInsufficientScope('mcp:admin')).rejects.toBeInstanceOf(AuthorizationRequiredError);
    const error = await session.onInsufficientScope('mcp:admin').catch((e) => e);
    expect(error).toBeInstanceOf(StepUpExhaustedError);
    expect(error).toMatchObject({ code: 'forbidden', requiredScope: 'mcp:admin' });
  });

  it(`refuses to grow the requested scopes past ${MAX_SCOPES}`, async () => {
    const session = new OAuthSession(
      { serverUrl: stack.mcpServer.url, callbackUrl: CALLBACK_URL },
      testEnv(),
    );
    const many = Array.from({ length: MAX_SCOPES + 1 }, (_, i) => `scope:${i}`).join(' ');
    await expect(session.onInsufficientScope(many)).rejects.toBeInstanceOf(StepUpExhaustedError);
  });
});
