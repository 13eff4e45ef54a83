import { describe, expect, it } from 'vitest';
import {
  authorizationHeaderName,
  isHttpToken,
  isSendableHeaderValue,
  parseHttpUrl,
} from '../../../src/core/httpRules';

describe('HTTP rules', () => {
  it('accepts only absolute http(s) URLs', () => {
    expect(parseHttpUrl('https://example.com/mcp')?.href).toBe('https://example.com/mcp');
    expect(parseHttpUrl('http://127.0.0.1:3000/mcp')?.port).toBe('3000');
    for (const bad of ['ftp://example.com', 'example.com/mcp', '', 'javascript:alert(1)', undefined, 42])
      expect(parseHttpUrl(bad)).toBeUndefined();
  });

  it('checks header names as RFC 9110 tokens and values for line breaks and NUL', () => {
    expect(isHttpToken('X-Api-Key')).toBe(true);
    expect(isHttpToken('Bad Header')).toBe(false);
    expect(isHttpToken('')).toBe(false);
    expect(isSendableHeaderValue('Bearer abc')).toBe(true);
    expect(isSendableHeaderValue('a\r\nInjected: 1')).toBe(false);
    expect(isSendableHeaderValue('a\0b')).toBe(false);
  });

  it('finds the Authorization header whatever its letter case', () => {
    expect(authorizationHeaderName({ authorization: 'Bearer x' })).toBe('authorization');
    expect(authorizationHeaderName({ AUTHORIZATION: 'Bearer x', 'X-A': '1' })).toBe('AUTHORIZATION');
    expect(authorizationHeaderName({ 'X-A': '1' })).toBeUndefined();
    expect(authorizationHeaderName(undefined)).toBeUndefined();
  });
});
