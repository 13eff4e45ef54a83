import { describe, expect, it } from 'vitest';
import { isCredentialName, redactUrl, redactUrlsIn } from '../../../src/core/redactUrl';

describe('redactUrl', () => {
  it('masks the whole userinfo: a token is often the user name', () => {
    expect(redactUrl('https://alice:s3cret@api.example.com/mcp')).toBe('https://***@api.example.com/mcp');
    expect(redactUrl('https://ghp_abc123@github.example/mcp')).toBe('https://***@github.example/mcp');
    expect(redactUrl(new URL('http://u:p@127.0.0.1:8080/'))).toBe('http://***@127.0.0.1:8080/');
  });

  it('masks the values of credential-like query and fragment parameters, whatever their case', () => {
    expect(redactUrl('https://h/mcp?api_key=AAA&v=2&Token=BBB&X-Amz-Signature=CCC')).toBe(
      'https://h/mcp?api_key=***&v=2&Token=***&X-Amz-Signature=***',
    );
    expect(redactUrl('https://h/api/mcp?code=azure-function-key')).toBe('https://h/api/mcp?code=***');
    expect(redactUrl('https://h/cb#access_token=AAA&state=s')).toBe('https://h/cb#access_token=***&state=s');
    // Percent-encoded names are judged decoded; names that only contain a credential word are left alone.
    expect(redactUrl('https://h/?api%5Fkey=AAA&keyword=mcp&tokenizer=x')).toBe(
      'https://h/?api%5Fkey=***&keyword=mcp&tokenizer=x',
    );
  });

  it('leaves a URL without credentials exactly as written', () => {
    for (const url of [
      'https://api.example.com/mcp',
      'http://127.0.0.1:3000/mcp?v=1#top',
      'https://h/a@b/c?x',
    ])
      expect(redactUrl(url)).toBe(url);
  });

  it('masks the same parts in text that does not parse as a URL', () => {
    expect(redactUrl('not a url?password=hunter2')).toBe('not a url?password=***');
  });
});

describe('isCredentialName', () => {
  it('knows the usual names, in any spelling', () => {
    for (const name of [
      'api_key',
      'apiKey',
      'API-KEY',
      'key',
      'access_token',
      'client_secret',
      'password',
      'auth',
    ])
      expect(isCredentialName(name), name).toBe(true);
    for (const name of ['sig', 'signature', 'pwd', 'jwt', 'Authorization', 'X-API-Key', 'sessionid'])
      expect(isCredentialName(name), name).toBe(true);
    for (const name of ['v', 'state', 'name', 'keyword', 'tokens', 'zipcode', 'redirect_uri'])
      expect(isCredentialName(name), name).toBe(false);
  });
});

describe('redactUrlsIn', () => {
  it('masks every URL in a message and keeps the sentence around it', () => {
    expect(
      redactUrlsIn('Could not reach "x" (https://h/mcp?key=AAA). Also tried http://u:p@h/sse, then gave up'),
    ).toBe('Could not reach "x" (https://h/mcp?key=***). Also tried http://***@h/sse, then gave up');
    expect(redactUrlsIn('{"url":"https://h/?token=AAA"}')).toBe('{"url":"https://h/?token=***"}');
    expect(redactUrlsIn('no URL here: key=value')).toBe('no URL here: key=value');
  });
});
