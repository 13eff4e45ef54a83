import { describe, expect, it } from 'vitest';
import { browserRefused } from '../../../src/node/oauth/openBrowser';

describe('when the sign-in may open a browser', () => {
  it('MCP_USE_NO_BROWSER or CI refuses one', () => {
    for (const env of [
      { MCP_USE_NO_BROWSER: '1' },
      { MCP_USE_NO_BROWSER: 'yes' },
      { CI: 'true' },
      { CI: '1' },
    ])
      expect(browserRefused(env)).toBe(true);
  });

  it('unset, empty, 0 and false refuse nothing (CI=false is not CI)', () => {
    for (const env of [
      {},
      { MCP_USE_NO_BROWSER: '' },
      { MCP_USE_NO_BROWSER: '0' },
      { CI: 'false' },
      { CI: 'FALSE' },
    ])
      expect(browserRefused(env)).toBe(false);
  });
});
