import { describe, expect, it } from 'vitest';
import { fetchWithoutStandaloneStream } from '../../../src/core/openClient';

describe('a connection without a stream slot', () => {
  const seen: string[] = [];
  const base = async (input: string | URL) => {
    seen.push(String(input));
    return new Response('ok', { status: 200 });
  };
  const fetch = fetchWithoutStandaloneStream(base);

  it('declines the standalone GET stream with a 405 without asking the server', async () => {
    seen.length = 0;
    const response = await fetch('http://127.0.0.1:1/mcp', {
      method: 'GET',
      headers: { accept: 'text/event-stream' },
    });
    expect(response.status).toBe(405);
    expect(seen).toEqual([]);
  });

  it('lets a GET that resumes a response stream (Last-Event-ID, SEP-1699) through, and every POST', async () => {
    seen.length = 0;
    const resumed = await fetch('http://127.0.0.1:1/mcp', {
      method: 'GET',
      headers: { accept: 'text/event-stream', 'last-event-id': 'event-1' },
    });
    const posted = await fetch('http://127.0.0.1:1/mcp', {
      method: 'POST',
      headers: { accept: 'text/event-stream' },
    });
    expect([resumed.status, posted.status]).toEqual([200, 200]);
    expect(seen).toHaveLength(2);
  });
});
