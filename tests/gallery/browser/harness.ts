// The browser side of the gallery: a kind's servers started from the page (through the Node-side commands), and
// the redirect URI this page's sign-ins come back to (the callback page the OAuth tests use).
import { commands } from 'vitest/browser';
import { KINDS, type KindName } from '../support/kinds';

/** The callback page of tests/browser/support/oauthHarness.tsx: what `callbackUrl` is unless a test says otherwise. */
export const CALLBACK_URL = new URL('/tests/browser/fixtures/callback.html', window.location.origin).href;

/** A kind's servers, its pre-registered clients allowing `exact` (by default this page's callback). */
export async function startKindInBrowser(name: KindName, exact = [CALLBACK_URL]) {
  const kind = KINDS[name];
  const as = await commands.startOAuthServer(kind.auth({ exact }));
  const port = Number(new URL(as.issuer).port);
  const mcp = await commands.startProtectedMcpServer({
    issuer: as.issuer,
    ...kind.mcp({ issuer: as.issuer, port }),
  });
  return { as, mcp, port };
}

/** The text of a tool call's first content item. */
export function firstText(result: { content: { type: string; text?: string }[] }): string | undefined {
  return result.content[0]?.text;
}
