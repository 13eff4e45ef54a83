// The device sign-in's prompt shows the authorization server's text (the user code, the URLs) without letting it
// drive the terminal, and says why a device code is used.
import { describe, expect, it } from 'vitest';
import { deviceCodeLines } from '../../../src/node/oauth/devicePrompt';

const prompt = {
  verificationUri: 'https://auth.example.com/device',
  userCode: 'WDJB-MJHT',
  expiresAt: 10 * 60_000,
  serverUrl: 'https://mcp.example.com/mcp',
  serverName: 'remote',
  reason: 'configured' as const,
};

describe('deviceCodeLines', () => {
  it('names the page, the code, the page that fills it in, and how long it is good for', () => {
    expect(
      deviceCodeLines(
        { ...prompt, verificationUriComplete: 'https://auth.example.com/device?user_code=WDJB-MJHT' },
        0,
      ),
    ).toEqual([
      'Signing in to remote with a device code.',
      'On any device, open https://auth.example.com/device and enter the code: WDJB-MJHT',
      '  (or open https://auth.example.com/device?user_code=WDJB-MJHT, which fills the code in)',
      'The code expires in 10 minutes. Waiting for the sign-in… (Ctrl-C to cancel)',
    ]);
  });

  it('says when it is used because no browser can be opened', () => {
    expect(deviceCodeLines({ ...prompt, reason: 'no_browser' }, 0)[0]).toBe(
      'No browser can be opened here, so signing in to remote with a device code.',
    );
  });

  it("shows control characters in the server's user code as visible escapes", () => {
    const [, line] = deviceCodeLines({ ...prompt, userCode: 'AB\u001b]0;pwned\u0007\u202eCD\rX' }, 0);
    expect(line).toBe(
      'On any device, open https://auth.example.com/device and enter the code: AB\\x1b]0;pwned\\x07\\u202eCD\\x0dX',
    );
  });
});
