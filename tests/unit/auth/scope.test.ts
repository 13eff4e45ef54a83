import { describe, expect, it } from 'vitest';
import { selectScope, unionScope } from '../../../src/auth/scope';

describe('selectScope', () => {
  const resourceScopes = ['files:read'];

  it('prefers step-up over the option, the option over the challenge, the challenge over PRM', () => {
    const all = { stepUp: 'a b', configured: 'c', challenge: 'd', resourceScopes };
    expect(selectScope(all)).toBe('a b');
    expect(selectScope({ ...all, stepUp: undefined })).toBe('c');
    expect(selectScope({ ...all, stepUp: undefined, configured: undefined })).toBe('d');
    expect(selectScope({ resourceScopes })).toBe('files:read');
  });

  it('sends no scope when nothing names one', () => {
    expect(selectScope({})).toBeUndefined();
    expect(selectScope({ resourceScopes: [] })).toBeUndefined();
  });

  it('adds offline_access only when the authorization server lists it (SEP-2207)', () => {
    expect(selectScope({ challenge: 'x', authorizationServerScopes: ['openid', 'offline_access'] })).toBe(
      'x offline_access',
    );
    expect(selectScope({ challenge: 'x', authorizationServerScopes: ['openid'] })).toBe('x');
    expect(
      selectScope({ challenge: 'x offline_access', authorizationServerScopes: ['offline_access'] }),
    ).toBe('x offline_access');
  });
});

describe('unionScope', () => {
  it('keeps first-seen order without duplicates', () => {
    expect(unionScope('a b', 'b c', undefined, '  d  a ')).toEqual(['a', 'b', 'c', 'd']);
  });
});
