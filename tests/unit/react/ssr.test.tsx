import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { useMcp } from '../../../src/react';

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
