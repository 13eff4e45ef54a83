import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { type UseMcpOptions, useMcp } from '../../../src/react';
import { McpApp } from '../../../src/react-apps';
import { connectionKey } from '../../../src/react/connectionKey';
import { connectionPool } from '../../../src/react/pool';

const SERVER_URL = 'http://127.0.0.1:9/mcp';

function Status(props: Partial<UseMcpOptions>) {
  const mcp = useMcp({ url: SERVER_URL, ...props });
  return createElement('p', null, `${mcp.state}:${mcp.tools.length}`);
}

describe('mcp-use/react during server-side rendering', () => {
  it('imports and renders without touching browser globals or the network', () => {
    expect(typeof window).toBe('undefined');
    expect(renderToString(createElement(Status))).toBe('<p>connecting:0</p>');
  });

  it("keeps nothing after the render: no pooled connection holds anyone's headers", () => {
    const users = ['alice', 'bob', 'carol'].map((user) => ({ headers: { Authorization: `Bearer ${user}` } }));
    for (const options of users) renderToString(createElement(Status, options));
    for (const options of users)
      expect(connectionPool.peek(connectionKey({ url: SERVER_URL, ...options }))).toBe(undefined);
  });
});

function AppPage() {
  const mcp = useMcp({ url: 'http://127.0.0.1:9/mcp', apps: true });
  return createElement(McpApp, {
    mcp,
    tool: 'show',
    sandbox: 'https://sandbox.example.com/sandbox-proxy.html',
    fallback: createElement('p', null, 'loading app'),
  });
}

describe('<McpApp> during server-side rendering', () => {
  it('renders its fallback and loads nothing', () => {
    expect(renderToString(createElement(AppPage))).toContain('loading app');
  });
});
