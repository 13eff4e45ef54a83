// The Node side of the gallery: a kind's servers, and the two Node surfaces signing in to them — MCPClient with a
// config entry, and the built CLI with flags. The user is played headlessly (tests/fixtures/loopbackSignIn.ts):
// the sign-in URL handed to `onSignIn` (or printed by the CLI) is followed through auto-consent to the loopback
// callback. Everything listens on 127.0.0.1 and every wait is bounded.
import { createMemoryStore, type KeyValueStore } from '../../../src/auth/memoryStore';
import type { LogEntry } from '../../../src/core/types';
import { MCPClient, type MCPSession, type SignInPrompt } from '../../../src/node/index';
import { type CliResult, startCli } from '../../cli/support/cli';
import { signInWithBrowser } from '../../fixtures/loopbackSignIn';
import {
  type RunningAuthServer,
  type RunningOAuthMcpServer,
  startAuthServer,
  startOAuthMcpServer,
} from '../../support/oauthServers';
import { KINDS, type KindName, type Redirects } from './kinds';

export interface KindServers {
  as: RunningAuthServer;
  mcp: RunningOAuthMcpServer;
  stop(): Promise<void>;
}

/** A kind's authorization server and MCP server, started for one test file. */
export async function startKind(name: KindName, redirects: Redirects = {}): Promise<KindServers> {
  const kind = KINDS[name];
  const as = await startAuthServer(kind.auth(redirects));
  const mcp = await startOAuthMcpServer({ issuer: as.issuer, ...kind.mcp(as) });
  return { as, mcp, stop: async () => void (await Promise.all([mcp.stop(), as.stop()])) };
}

/** Plays the user for one sign-in; an authorization server that stops on its own error page is a failed one. */
function playUser(prompt: { authorizationUrl: string; callbackUrl: string }): Promise<unknown> {
  return signInWithBrowser(prompt.authorizationUrl, prompt.callbackUrl).catch((error: unknown) => error);
}

export interface NodeOutcome {
  session?: MCPSession;
  error?: Error & { code?: string };
  prompts: SignInPrompt[];
  log: LogEntry[];
}

const clients: MCPClient[] = [];

/** `createSession` for a one-server config whose entry is `url` plus `settings`, signing in as the user would. */
export async function connectNode(
  url: string,
  settings: Record<string, unknown>,
  store: KeyValueStore = createMemoryStore(),
): Promise<NodeOutcome> {
  const prompts: SignInPrompt[] = [];
  const log: LogEntry[] = [];
  const client = MCPClient.fromDict(
    { mcpServers: { gallery: { url, ...settings } } },
    {
      onLog: (entry) => log.push(entry),
      oauth: {
        store,
        authTimeoutMs: 15_000,
        onSignIn: (prompt) => {
          prompts.push(prompt);
          void playUser(prompt);
        },
      },
    },
  );
  clients.push(client);
  try {
    return { session: await client.createSession('gallery'), prompts, log };
  } catch (error) {
    return { error: error as Error & { code?: string }, prompts, log };
  }
}

export async function closeNodeClients(): Promise<void> {
  await Promise.all(clients.splice(0).map((client) => client.closeAllSessions()));
}

/** The text of a tool call's first content item. */
export async function whoami(session: MCPSession): Promise<string> {
  const result = await session.callTool('whoami');
  const first = result.content[0];
  return first?.type === 'text' ? first.text : '';
}

const SIGN_IN_URL =
  /To sign in to \S+, open this URL in your browser:\n {2}(\S+)\nWaiting for the sign-in to come back to (\S+) /g;

/**
 * Runs a CLI command in `home`, playing the user for every sign-in it asks for (the URL it prints, back to the
 * callback it names). Resolves with the result and the number of sign-ins played.
 */
export async function runCliSigningIn(
  args: string[],
  home: string,
  env: Record<string, string> = {},
): Promise<CliResult & { signIns: number }> {
  const cli = startCli(args, home, { env });
  let played = 0;
  const plays: Promise<unknown>[] = [];
  let stderr = '';
  cli.child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    const found = [...stderr.matchAll(SIGN_IN_URL)];
    for (const match of found.slice(played)) {
      played += 1;
      plays.push(playUser({ authorizationUrl: match[1] as string, callbackUrl: match[2] as string }));
    }
  });
  const result = await cli.result;
  await Promise.all(plays);
  return { ...result, signIns: played };
}
