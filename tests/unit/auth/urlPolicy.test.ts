import { describe, expect, it } from 'vitest';
import { InsecureUrlError, PrivateNetworkUrlError } from '../../../src/auth/errors';
import { assertAllowedUrl, assertServerUrl } from '../../../src/auth/urlPolicy';

const REMOTE = 'https://mcp.example.com/mcp';
const LOCAL = 'http://127.0.0.1:3000/mcp';
const PRIVATE = 'https://10.1.2.3/mcp';

function refusal(url: string, serverUrl: string): unknown {
  try {
    assertAllowedUrl(url, 'token_endpoint', serverUrl);
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('the MCP server itself (OAuth 2.1 §1.5: TLS, loopback excepted)', () => {
  it.each([
    'https://mcp.example.com/mcp',
    'http://127.0.0.1:8080/mcp',
    'http://localhost/x',
    'http://[::1]:3000/',
  ])('accepts %s', (url) => {
    expect(assertServerUrl(url).href).toBe(new URL(url).href);
  });

  it.each(['http://mcp.example.com/mcp', 'http://127.0.0.2/mcp', 'javascript:alert(1)', 'not a url'])(
    'refuses %s',
    (url) => {
      expect(() => assertServerUrl(url)).toThrow(InsecureUrlError);
    },
  );
});

describe('URLs a server named (RFC 9728 §7.7: no SSRF into the user machine or network)', () => {
  it.each([
    ['a remote server', REMOTE, 'https://auth.example.com/token'],
    ['a remote server, a public IP literal', REMOTE, 'https://93.184.216.34/token'],
    ['a remote server, a public IPv6 literal', REMOTE, 'https://[2606:4700::1111]/token'],
    ['a loopback server, a local authorization server', LOCAL, 'http://localhost:9000/token'],
    ['a loopback server, [::1]', LOCAL, 'http://[::1]:9000/token'],
    ['a loopback server, a remote authorization server', LOCAL, 'https://auth.example.com/token'],
    ['a loopback server, a private address', LOCAL, 'https://10.0.0.7/token'],
    ['a private server, another private address', PRIVATE, 'https://192.168.1.20/token'],
    ['a private server, a remote authorization server', PRIVATE, 'https://auth.example.com/token'],
  ])('accepts, for %s', (_, serverUrl, url) => {
    expect(assertAllowedUrl(url, 'token_endpoint', serverUrl).href).toBe(new URL(url).href);
  });

  it.each([
    ['http://auth.example.com/token', REMOTE],
    ['http://auth.example.com/token', LOCAL],
    ['http://127.0.0.2/token', LOCAL],
    ['http://10.0.0.7/token', PRIVATE],
    // The local service a remote server's metadata aimed at: plain http needs an MCP server on loopback.
    ['http://127.0.0.1:5555/admin/delete-everything', REMOTE],
    ['http://localhost:5555/', REMOTE],
    ['http://[::1]:5555/', REMOTE],
    ['http://127.0.0.1:5555/', PRIVATE],
    ['javascript:alert(1)', REMOTE],
    ['file:///etc/passwd', LOCAL],
    ['not a url', REMOTE],
  ])('refuses %s from %s as insecure', (url, serverUrl) => {
    expect(refusal(url, serverUrl)).toBeInstanceOf(InsecureUrlError);
    expect(refusal(url, serverUrl)).toMatchObject({
      code: 'auth_insecure_url',
      purpose: 'token_endpoint',
      serverUrl,
    });
  });

  // https: does not make the local machine or a private network fair game: every spelling the URL parser turns
  // into such an address.
  it.each([
    ['https://127.0.0.1/token', REMOTE, 'loopback'],
    ['https://127.8.9.10/token', REMOTE, 'loopback'],
    ['https://[::1]/token', REMOTE, 'loopback'],
    ['https://[::]/token', REMOTE, 'loopback'],
    ['https://0.0.0.0/token', REMOTE, 'loopback'],
    ['https://2130706433/token', REMOTE, 'loopback'],
    ['https://0x7f.1/token', REMOTE, 'loopback'],
    ['https://0177.0.0.1/token', REMOTE, 'loopback'],
    ['https://[::ffff:127.0.0.1]/token', REMOTE, 'loopback'],
    ['https://[::127.0.0.1]/token', REMOTE, 'loopback'],
    ['https://admin.localhost/token', REMOTE, 'loopback'],
    ['https://LOCALHOST./token', REMOTE, 'loopback'],
    ['https://10.0.0.1/token', REMOTE, 'private'],
    ['https://172.16.0.1/token', REMOTE, 'private'],
    ['https://172.31.255.255/token', REMOTE, 'private'],
    ['https://192.168.1.1/token', REMOTE, 'private'],
    ['https://169.254.169.254/latest/meta-data/', REMOTE, 'private'],
    ['https://100.64.0.1/token', REMOTE, 'private'],
    ['https://[fd00::1]/token', REMOTE, 'private'],
    ['https://[fe80::1]/token', REMOTE, 'private'],
    ['https://[::ffff:169.254.169.254]/token', REMOTE, 'private'],
    ['https://[64:ff9b::10.0.0.1]/token', REMOTE, 'private'],
    ['https://127.0.0.1/token', PRIVATE, 'loopback'],
  ])('refuses %s from %s (points at %s)', (url, serverUrl, network) => {
    const error = refusal(url, serverUrl);
    expect(error).toBeInstanceOf(PrivateNetworkUrlError);
    expect(error).toMatchObject({
      code: 'auth_private_network_url',
      purpose: 'token_endpoint',
      network,
      serverUrl,
    });
    // The message names the URL, what it was for and the server it came from.
    const { message } = error as Error;
    expect(message).toContain(new URL(url).href);
    expect(message).toContain('token_endpoint');
    expect(message).toContain(serverUrl);
  });

  it.each(['https://172.32.0.1/token', 'https://100.128.0.1/token', 'https://[2001:db8::1]/token'])(
    'counts %s, outside the special-purpose blocks, as public',
    (url) => {
      expect(assertAllowedUrl(url, 'token_endpoint', REMOTE).href).toBe(new URL(url).href);
    },
  );
});
