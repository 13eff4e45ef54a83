// The one place the engine's events are built: what it masks, and that it builds nothing without a listener.
import { describe, expect, it } from 'vitest';
import { authorizationFields, emitStep, eventError } from '../../../src/auth/authEvents';
import { TokenRequestError } from '../../../src/auth/errors';
import type { McpEvent } from '../../../src/core/events';

describe('sign-in events', () => {
  it('masks the credentials of every URL in an event, and times the step from `started`', () => {
    const events: McpEvent[] = [];
    let clock = 1_000;
    const env = { emit: (event: McpEvent) => events.push(event), now: () => clock };
    const started = env.now();
    clock = 1_250;
    emitStep(
      env,
      'as_metadata',
      { url: 'https://user:pw@as.example/.well-known/x', issuer: 'https://as.example' },
      {
        started,
        status: 200,
      },
    );
    expect(events).toEqual([
      {
        type: 'as_metadata',
        at: 1_250,
        durationMs: 250,
        status: 200,
        fields: { url: expect.not.stringContaining('pw'), issuer: 'https://as.example' },
      },
    ]);
  });

  it('hides state, code_challenge and nonce of the authorization URL and keeps the other parameters', () => {
    const url =
      'https://as.example/authorize?response_type=code&client_id=abc&state=s3cr3t&code_challenge=xyz&nonce=n1&scope=a+b';
    const fields = authorizationFields(url, 'popup');
    expect(fields).toEqual({
      flow: 'popup',
      authorizationEndpoint: 'https://as.example/authorize',
      params: {
        response_type: 'code',
        client_id: 'abc',
        state: '•••',
        code_challenge: '•••',
        nonce: '•••',
        scope: 'a b',
      },
    });
  });

  it('reduces a failure to its code and message', () => {
    const error = eventError(
      new TokenRequestError('The token endpoint refused the code', { serverUrl: 'https://mcp.example' }),
    );
    expect(Object.keys(error).sort()).toEqual(['code', 'message']);
    expect(error.message).toContain('refused');
    expect(eventError('plain')).toEqual({ code: 'error', message: 'plain' });
  });

  it('does nothing without a listener', () => {
    expect(() => emitStep({ now: () => 0 }, 'callback', { outcome: 'success' })).not.toThrow();
  });
});
