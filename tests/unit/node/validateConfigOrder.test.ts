// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these tests are about ${VAR} references in strings
// Which problem an entry with several is reported with, and what else validation says along the way: fields in
// the order they are checked, a rule across fields right after the last field it follows.
import { describe, expect, it } from 'vitest';
import type { ConfigError } from '../../../src/core/errors';
import { validateConfig } from '../../../src/node/config/validateConfig';

const URL = 'https://mcp.example.com/mcp';

function rejectionOf(entry: unknown, notes: string[] = []): ConfigError {
  try {
    validateConfig({ mcpServers: { s: entry } }, (message) => notes.push(message));
  } catch (error) {
    return error as ConfigError;
  }
  throw new Error('validateConfig accepted the configuration');
}

describe('validateConfig: the first of several problems', () => {
  it('reports a field before a rule that comes after it', () => {
    expect(rejectionOf({ url: 'ftp://x', authToken: 'a', auth_token: 'b' }).field).toBe('mcpServers.s.url');
  });

  it('reports a rule before the fields that come after it', () => {
    const error = rejectionOf({ url: URL, authToken: 'a', auth_token: 'b', requestTimeoutMs: 0 });
    expect(error.message).toBe(
      'mcpServers.s sets both authToken and auth_token, to different values; keep one of them',
    );
  });

  it('still checks a rule when a later number is not an integer', () => {
    expect(rejectionOf({ url: URL, authToken: 'a', auth_token: 'b', callback_port: 1.5 }).field).toBe(
      'mcpServers.s.authToken',
    );
  });

  it('reports OAuth settings and auth disagreeing before a bad clientName', () => {
    expect(rejectionOf({ url: URL, client_id: 'a', auth: { client_id: 'b' }, clientName: '' }).message).toBe(
      'mcpServers.s sets client_id both on the entry and in auth, to different values; keep one',
    );
  });

  it('names disagreeing OAuth settings in the order of the reference table', () => {
    const entry = {
      url: URL,
      client_metadata_url: 'https://a.example/client.json',
      callback_port: 1,
      auth: { client_metadata_url: 'https://b.example/client.json', callback_port: 2 },
    };
    expect(rejectionOf(entry).field).toBe('mcpServers.s.callback_port');
  });

  it('reports an invalid header name before a line break in an earlier header', () => {
    expect(rejectionOf({ url: URL, headers: { 'X-A': 'a\nb', 'Bad Name': 'y' } }).message).toMatch(
      /^mcpServers\.s\.headers has an invalid name "Bad Name"/,
    );
  });

  it('checks client_metadata_url before callback_port', () => {
    expect(rejectionOf({ url: URL, callback_port: 0, client_metadata_url: '' }).field).toBe(
      'mcpServers.s.client_metadata_url',
    );
  });
});

describe('validateConfig: notes and details beside a problem', () => {
  it('notes unknown settings in auth once the fields before auth are valid', () => {
    const notes: string[] = [];
    rejectionOf({ url: URL, auth: { client_idd: 'x' }, requestTimeoutMs: 0 }, notes);
    expect(notes).toEqual(['mcpServers.s.auth.client_idd is not a known OAuth setting; ignoring it']);
  });

  it('does not note settings in auth when a field before it is wrong', () => {
    const notes: string[] = [];
    rejectionOf({ url: 42, auth: { client_idd: 'x' }, typo: 1 }, notes);
    expect(notes).toEqual(['mcpServers.s.typo is not a known field for this kind of server; ignoring it']);
  });

  it('names the server of a malformed reference in client_metadata_url', () => {
    expect(rejectionOf({ url: URL, client_metadata_url: '${APP' })).toMatchObject({
      serverName: 's',
      field: 'mcpServers.s.client_metadata_url',
    });
  });

  it('refuses an auth object that is not a plain object', () => {
    class Settings {
      client_id = 'c';
    }
    expect(rejectionOf({ url: URL, auth: new Settings() }).message).toMatch(
      /^mcpServers\.s\.auth must be an object of OAuth settings \(.*\), not a object; a bearer token goes in authToken$/,
    );
  });

  it('keeps only the token key written when authToken and auth_token agree', () => {
    const entry = validateConfig({ mcpServers: { s: { url: URL, authToken: 't', auth_token: 't' } } }).get(
      's',
    )?.entry;
    expect(Object.keys(entry ?? {})).toEqual(['url', 'authToken']);
  });
});
