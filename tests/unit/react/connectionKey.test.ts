import { describe, expect, it } from 'vitest';
import { connectionKey } from '../../../src/react/connectionKey';

describe('connectionKey', () => {
  it('is equal for equal headers in any order', () => {
    expect(connectionKey({ url: 'http://a/mcp', headers: { A: '1', B: '2' } })).toBe(
      connectionKey({ url: 'http://a/mcp', headers: { B: '2', A: '1' } }),
    );
  });

  it('changes when the URL, a header value or the transport changes', () => {
    const base = connectionKey({ url: 'http://a/mcp', headers: { A: '1' } });
    expect(connectionKey({ url: 'http://b/mcp', headers: { A: '1' } })).not.toBe(base);
    expect(connectionKey({ url: 'http://a/mcp', headers: { A: '2' } })).not.toBe(base);
    expect(connectionKey({ url: 'http://a/mcp', headers: { A: '1' }, transportType: 'sse' })).not.toBe(base);
  });

  it('changes when the page renders MCP Apps (the connection declares another capability), not when it hides tools', () => {
    const base = connectionKey({ url: 'http://a/mcp' });
    const apps = connectionKey({ url: 'http://a/mcp', apps: true });
    expect(apps).not.toBe(base);
    expect(connectionKey({ url: 'http://a/mcp', apps: { hideAppOnlyTools: false } })).toBe(apps);
  });

  it('gives each account on a server a connection of its own', () => {
    const base = connectionKey({ url: 'http://a/mcp' });
    const work = connectionKey({ url: 'http://a/mcp', account: 'work' });
    expect(work).not.toBe(base);
    expect(connectionKey({ url: 'http://a/mcp', account: 'personal' })).not.toBe(work);
  });
});
