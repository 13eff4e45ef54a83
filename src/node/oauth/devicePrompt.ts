/**
 * What the user of a device sign-in is shown (RFC 8628 §3.3): where to go, the code to enter there, and how long
 * it is good for. The code and the URLs come from the authorization server, so they are shown with every
 * character a terminal would act on made visible (core/terminalText.ts).
 */
import { neutralizeTerminalText } from '../../core/terminalText';
import { redactUrl } from '../../core/redactUrl';

export interface DeviceCodePrompt {
  /** Enter `userCode` there (RFC 8628 §3.2 `verification_uri`). */
  verificationUri: string;
  /** The same page with the code filled in, when the server offers one (`verification_uri_complete`). */
  verificationUriComplete?: string;
  userCode: string;
  /** When the code stops working, ms since the epoch. */
  expiresAt: number;
  serverUrl: string;
  serverName?: string;
  /** `configured`: the configuration asks for the device grant; `no_browser`: chosen because none can be opened. */
  reason: 'configured' | 'no_browser';
}

/** The prompt as lines of text, already safe for a terminal. */
export function deviceCodeLines(prompt: DeviceCodePrompt, nowMs: number = Date.now()): string[] {
  const who = prompt.serverName ?? redactUrl(prompt.serverUrl);
  const minutes = Math.max(1, Math.round((prompt.expiresAt - nowMs) / 60_000));
  const lines = [
    prompt.reason === 'no_browser'
      ? `No browser can be opened here, so signing in to ${who} with a device code.`
      : `Signing in to ${who} with a device code.`,
    `On any device, open ${prompt.verificationUri} and enter the code: ${prompt.userCode}`,
    ...(prompt.verificationUriComplete
      ? [`  (or open ${prompt.verificationUriComplete}, which fills the code in)`]
      : []),
    `The code expires in ${minutes} minute${minutes === 1 ? '' : 's'}. Waiting for the sign-in… (Ctrl-C to cancel)`,
  ];
  return lines.map(neutralizeTerminalText);
}

/** The default: the lines on stderr (the only way to reach the user of a library). */
export function defaultDeviceCodePrompt(prompt: DeviceCodePrompt): void {
  process.stderr.write(`${deviceCodeLines(prompt).join('\n')}\n`);
}
