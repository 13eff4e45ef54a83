import { describe, expect, it } from 'vitest';
import { RefreshError, RefreshUnavailableError } from '../../../src/auth/errors';
import type { LockLease } from '../../../src/auth/lock';
import { createMutexLock } from '../../../src/auth/lock';
import { TERMINAL_REFRESH_ERRORS } from '../../../src/auth/refreshTokens';
import {
  REFRESH_ATTEMPTS,
  type RefreshUnderLockParts,
  refreshUnderLock,
} from '../../../src/auth/refreshUnderLock';
import type { TokenRecord } from '../../../src/auth/types';

const SERVER = 'https://mcp.example.com/mcp';
const ISSUER = 'https://auth.example.com';
const NOW = 1_000_000;
const SKEW = 30_000;

function tokens(accessToken: string, overrides: Partial<TokenRecord> = {}): TokenRecord {
  return {
    serverUrl: SERVER,
    resource: SERVER,
    issuer: ISSUER,
    accessToken,
    tokenType: 'bearer',
    refreshToken: `refresh-of-${accessToken}`,
    obtainedAt: NOW - 3_600_000,
    expiresAt: NOW + 10_000, // inside the skew: due for a refresh
    authorizationServer: { issuer: ISSUER, token_endpoint: `${ISSUER}/token` },
    client: { clientId: 'client', tokenEndpointAuthMethod: 'none', source: 'dynamic' },
    ...overrides,
  };
}

const freshTokens = (accessToken: string) =>
  tokens(accessToken, { obtainedAt: NOW, expiresAt: NOW + 3_600_000 });

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/**
 * A store holding one record, a lock and a token endpoint, all recording what happens to them. `answer` decides
 * what the token endpoint does with a refresh request.
 */
function world(
  stored: TokenRecord | undefined,
  answer: (record: TokenRecord) => Promise<TokenRecord> = async (record) =>
    freshTokens(`next-${record.accessToken}`),
) {
  const state = { stored };
  const events: string[] = [];
  const requests: TokenRecord[] = [];
  const logs: { level: string; message: string; data?: Record<string, unknown> }[] = [];
  const parts: RefreshUnderLockParts = {
    serverUrl: SERVER,
    lock: async (name, fn) => {
      events.push(`lock ${name}`);
      try {
        return await fn();
      } finally {
        events.push('unlock');
      }
    },
    read: async () => {
      events.push('read');
      return state.stored;
    },
    write: async (record) => {
      events.push(`write ${record.accessToken}`);
      state.stored = record;
    },
    delete: async (record) => {
      events.push(`delete ${record.serverUrl} ${record.issuer}`);
      state.stored = undefined;
    },
    refresh: (record) => {
      events.push(`refresh ${record.refreshToken}`);
      requests.push(record);
      return answer(record);
    },
    now: () => NOW,
    skewMs: SKEW,
    log: (level, message, data) => {
      logs.push({ level, message, ...(data ? { data } : {}) });
    },
  };
  return { parts, state, events, requests, logs };
}

describe('refreshUnderLock', () => {
  it('refreshes the stored tokens inside the lock and stores the new ones before releasing it', async () => {
    const w = world(tokens('at-1'));
    const result = await refreshUnderLock('at-1', w.parts);
    expect(result).toEqual({ outcome: 'refreshed', record: freshTokens('next-at-1') });
    expect(w.state.stored?.accessToken).toBe('next-at-1');
    expect(w.events).toEqual([
      'lock mcp-use:refresh:https://mcp.example.com/mcp',
      'read',
      'refresh refresh-of-at-1',
      'write next-at-1',
      'unlock',
    ]);
  });

  it('logs the refresh and whether the refresh token rotated, and never a token', async () => {
    const rotating = world(tokens('at-1'));
    await refreshUnderLock('at-1', rotating.parts);
    expect(rotating.logs).toEqual([
      {
        level: 'info',
        message: 'tokens refreshed',
        data: { serverUrl: SERVER, issuer: ISSUER, rotated: true },
      },
    ]);

    const keeping = world(tokens('at-1'), async (record) => ({
      ...freshTokens('at-2'),
      refreshToken: record.refreshToken,
    }));
    await refreshUnderLock('at-1', keeping.parts);
    expect(keeping.logs[0]?.data).toMatchObject({ rotated: false });
    expect(JSON.stringify([rotating.logs, keeping.logs])).not.toMatch(/at-1|at-2|refresh-of/);
  });

  it('refreshes a stale token that still looks fresh (the server refused it with a 401)', async () => {
    const w = world(freshTokens('at-1'));
    expect(await refreshUnderLock('at-1', w.parts)).toMatchObject({ outcome: 'refreshed' });
    expect(w.requests).toHaveLength(1);
  });

  it('reuses tokens another holder of the lock stored meanwhile, without a token request', async () => {
    const w = world(freshTokens('at-2'));
    expect(await refreshUnderLock('at-1', w.parts)).toEqual({
      outcome: 'reused',
      record: freshTokens('at-2'),
    });
    expect(w.requests).toHaveLength(0);
    expect(w.events).not.toContainEqual(expect.stringMatching(/^write/));
    expect(w.logs).toEqual([
      { level: 'debug', message: 'tokens were already refreshed elsewhere', data: { serverUrl: SERVER } },
    ]);
  });

  it('reads the store only once it holds the lock, so a refresh finished while it waited is seen', async () => {
    const w = world(tokens('at-1'));
    // Another process refreshes while this one waits for the lock.
    w.parts.lock = async (_name, fn) => {
      w.state.stored = freshTokens('at-from-elsewhere');
      return fn();
    };
    expect(await refreshUnderLock('at-1', w.parts)).toMatchObject({
      outcome: 'reused',
      record: { accessToken: 'at-from-elsewhere' },
    });
    expect(w.requests).toHaveLength(0);
  });

  it('makes one token request when two callers refresh the same token at once', async () => {
    const reachedEndpoint = deferred<void>();
    const response = deferred<TokenRecord>();
    const w = world(tokens('at-1'), () => {
      reachedEndpoint.resolve();
      return response.promise;
    });
    w.parts.lock = createMutexLock();
    const first = refreshUnderLock('at-1', w.parts);
    const second = refreshUnderLock('at-1', w.parts);
    // The first holder waits on the token endpoint; the second is queued behind the lock.
    await reachedEndpoint.promise;
    response.resolve(freshTokens('at-2'));
    expect(await first).toMatchObject({ outcome: 'refreshed', record: { accessToken: 'at-2' } });
    expect(await second).toMatchObject({ outcome: 'reused', record: { accessToken: 'at-2' } });
    expect(w.requests).toHaveLength(1);
  });

  it('refreshes again when the tokens another holder stored are themselves about to expire', async () => {
    const w = world(tokens('at-2'));
    expect(await refreshUnderLock('at-1', w.parts)).toMatchObject({
      outcome: 'refreshed',
      record: { accessToken: 'next-at-2' },
    });
    expect(w.requests.map((r) => r.refreshToken)).toEqual(['refresh-of-at-2']);
  });

  it.each([...TERMINAL_REFRESH_ERRORS])(
    'deletes the tokens when the server answers %s (RFC 6749 §5.2)',
    async (code) => {
      const w = world(tokens('at-1'), async () => {
        throw new RefreshError(`Token refresh failed (${code})`, { serverUrl: SERVER, oauthError: code });
      });
      expect(await refreshUnderLock('at-1', w.parts)).toEqual({ outcome: 'refused', oauthError: code });
      expect(w.state.stored).toBeUndefined();
      expect(w.events).toContain(`delete ${SERVER} ${ISSUER}`);
      expect(w.events.at(-1)).toBe('unlock');
      expect(w.logs).toEqual([
        {
          level: 'info',
          message: 'refresh token refused; sign-in required',
          data: { serverUrl: SERVER, error: code },
        },
      ]);
    },
  );

  it.each([
    ['a network failure', new RefreshError('Token refresh failed: fetch failed', { serverUrl: SERVER })],
    [
      'a non-terminal OAuth error',
      new RefreshError('Token refresh failed (temporarily_unavailable)', {
        serverUrl: SERVER,
        oauthError: 'temporarily_unavailable',
      }),
    ],
    [
      'an error that is not a RefreshError',
      Object.assign(new Error('boom'), { oauthError: 'invalid_grant' }),
    ],
  ])('passes %s on and keeps the tokens', async (_what, error) => {
    const w = world(tokens('at-1'), async () => {
      throw error;
    });
    await expect(refreshUnderLock('at-1', w.parts)).rejects.toBe(error);
    expect(w.state.stored).toEqual(tokens('at-1'));
    expect(w.events).not.toContainEqual(expect.stringMatching(/^(delete|write)/));
    expect(w.events.at(-1)).toBe('unlock');
    expect(w.logs).toEqual([]);
  });

  it('passes a failing store write on without deleting anything', async () => {
    const w = world(tokens('at-1'));
    const failure = new Error('disk full');
    w.parts.write = async () => {
      throw failure;
    };
    await expect(refreshUnderLock('at-1', w.parts)).rejects.toBe(failure);
    expect(w.state.stored).toEqual(tokens('at-1'));
    expect(w.events.at(-1)).toBe('unlock');
  });

  it('reports no refresh token, without a request, when the stored tokens have none', async () => {
    const withoutRefreshToken = tokens('at-1', { refreshToken: undefined });
    const w = world(withoutRefreshToken);
    expect(await refreshUnderLock('at-1', w.parts)).toEqual({
      outcome: 'no_refresh_token',
      record: withoutRefreshToken,
    });
    expect(w.requests).toHaveLength(0);
    expect(w.state.stored).toBe(withoutRefreshToken);
  });

  it('reports no tokens, without a request, when nothing is stored (signed out, or refused elsewhere)', async () => {
    const w = world(undefined);
    expect(await refreshUnderLock('at-1', w.parts)).toEqual({ outcome: 'no_tokens' });
    expect(w.requests).toHaveLength(0);
  });
});

const unavailable = (status?: number) =>
  new RefreshError('Token refresh failed: unavailable', {
    serverUrl: SERVER,
    transient: true,
    ...(status ? { status } : {}),
  });

describe('refreshUnderLock, when the authorization server fails for a while', () => {
  it('tries again after a growing pause, holding the lock, and stores what the last attempt got', async () => {
    let calls = 0;
    const w = world(tokens('at-1'), async (record) => {
      calls += 1;
      if (calls < 3) throw unavailable(503);
      return freshTokens(`next-${record.accessToken}`);
    });
    const pauses: number[] = [];
    w.parts.sleep = async (ms) => {
      pauses.push(ms);
      w.events.push(`sleep ${ms}`);
    };
    expect(await refreshUnderLock('at-1', w.parts)).toMatchObject({ outcome: 'refreshed' });
    expect(pauses).toEqual([500, 1000]);
    expect(w.events).toEqual([
      'lock mcp-use:refresh:https://mcp.example.com/mcp',
      'read',
      'refresh refresh-of-at-1',
      'sleep 500',
      'refresh refresh-of-at-1',
      'sleep 1000',
      'refresh refresh-of-at-1',
      'write next-at-1',
      'unlock',
    ]);
    expect(w.logs.filter((entry) => entry.level === 'warn').map((entry) => entry.data)).toEqual([
      { serverUrl: SERVER, attempt: 1, delayMs: 500, status: 503 },
      { serverUrl: SERVER, attempt: 2, delayMs: 1000, status: 503 },
    ]);
  });

  it(`gives up after ${REFRESH_ATTEMPTS} attempts with RefreshUnavailableError, keeping the refresh token`, async () => {
    const w = world(tokens('at-1'), async () => {
      throw unavailable(502);
    });
    w.parts.sleep = async () => {};
    const error = await refreshUnderLock('at-1', w.parts).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RefreshUnavailableError);
    expect(error).toMatchObject({
      code: 'auth_refresh_unavailable',
      attempts: REFRESH_ATTEMPTS,
      status: 502,
    });
    expect(w.requests).toHaveLength(REFRESH_ATTEMPTS);
    expect(w.state.stored).toEqual(tokens('at-1'));
    expect(w.events).not.toContainEqual(expect.stringMatching(/^(delete|write)/));
  });

  it('never tries again after a refusal that will not pass', async () => {
    const w = world(tokens('at-1'), async () => {
      throw new RefreshError('Token refresh failed (invalid_scope)', {
        serverUrl: SERVER,
        oauthError: 'invalid_scope',
      });
    });
    w.parts.sleep = async () => {
      throw new Error('no pause expected');
    };
    await expect(refreshUnderLock('at-1', w.parts)).rejects.toMatchObject({ oauthError: 'invalid_scope' });
    expect(w.requests).toHaveLength(1);
  });
});

describe('refreshUnderLock with a lock that can be lost', () => {
  function leasedWorld(held: () => boolean) {
    const w = world(tokens('at-1'));
    const lease: LockLease = {
      name: 'lease',
      fence: 7,
      assertHeld: async () => {
        if (!held()) throw new Error('lease lost');
      },
    };
    const written: (LockLease | undefined)[] = [];
    w.parts.lock = async (_name, fn) => fn(lease);
    const write = w.parts.write;
    w.parts.write = async (record, given) => {
      written.push(given);
      await write(record, given);
    };
    return { ...w, lease, written };
  }

  it('writes the new tokens with the lease, so the store can refuse them once it is lost', async () => {
    const w = leasedWorld(() => true);
    expect(await refreshUnderLock('at-1', w.parts)).toMatchObject({ outcome: 'refreshed' });
    expect(w.written).toEqual([w.lease]);
  });

  it('does not present the refresh token once the lease is lost: the new holder may have rotated it', async () => {
    const w = leasedWorld(() => false);
    await expect(refreshUnderLock('at-1', w.parts)).rejects.toThrow('lease lost');
    expect(w.requests).toHaveLength(0);
    expect(w.state.stored).toEqual(tokens('at-1'));
  });
});
