import { describe, expect, it } from 'vitest';
import { InsecureUrlError } from '../../../src/auth/errors';
import { assertAllowedUrl } from '../../../src/auth/urlPolicy';

describe('assertAllowedUrl (OAuth 2.1 §1.5: TLS, loopback excepted)', () => {
  it.each([
    'https://auth.example.com/token',
    'http://127.0.0.1:8080/token',
    'http://localhost/x',
    'http://[::1]:3000/',
  ])('accepts %s', (url) => {
    expect(assertAllowedUrl(url, 'token_endpoint').href).toBe(new URL(url).href);
  });

  it.each([
    'http://auth.example.com/token',
    'http://127.0.0.2/token',
    'http://localhost.example.com/',
    'javascript:alert(1)',
    'file:///etc/passwd',
    'not a url',
  ])('refuses %s with a typed error', (url) => {
    const error = (() => {
      try {
        assertAllowedUrl(url, 'token_endpoint');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(InsecureUrlError);
    expect(error).toMatchObject({ code: 'auth_insecure_url', purpose: 'token_endpoint' });
  });
});
