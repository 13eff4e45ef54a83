import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { useMcp } from '../../../src/react';
import { McpApp } from '../../../src/react-apps';

function Status() {
  const mcp = useMcp({ url: 'http://127.0.0.1:9/mcp' });
  return createElement('p', null, `${mcp.state}:${mcp.tools.length}`);
}

describe('mcp-use/react during server-side rendering', () => {
  it('imports and renders without touching browser globals or the network', () => {
    expect(typeof window).toBe('undefined');
    expect(renderToString(createElement(Status))).toBe('<p>connecting:0</p>');
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
