// The Node client under test: what an application using `MCPClient` writes, driven by the conformance suite.
// The suite runs `node node-client.mjs <server url>` with MCP_CONFORMANCE_SCENARIO and MCP_CONFORMANCE_CONTEXT
// (pre-registered credentials, tool calls to make) in the environment; exit code 0 means the client finished.
//
// OAuth goes through MCPClient's own sign-in (the engine in src/auth, a 0600 token file, a loopback redirect on
// `callback_port`). The one thing played here is the user: the suite's authorization endpoint approves at once
// with a 302, so "the browser" is a fetch of the authorization URL with `redirect: 'manual'` whose Location is
// delivered to the loopback callback.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createFileStore,
  MCPClient,
  type MCPSession,
  McpUseError,
  type SignInPrompt,
} from '../../../src/index';
import { idpSessionKey } from '../../../src/auth/enterprise';
import type { TokenStore } from '../../../src/auth/store';
import { storeKeys } from '../../../src/auth/storeKeys';
import type { TokenRecord } from '../../../src/auth/types';
import { runScenario } from './scenarios';

const serverUrl = process.argv[process.argv.length - 1] ?? '';
const scenario = process.env.MCP_CONFORMANCE_SCENARIO ?? '';
const context = JSON.parse(process.env.MCP_CONFORMANCE_CONTEXT ?? '{}') as Record<string, unknown>;
/** Below the suite's own 30 s per-scenario timeout, so this process always ends by itself. */
const OVERALL_TIMEOUT_MS = 25_000;
const STEP_TIMEOUT_MS = 10_000;

function log(message: string): void {
  process.stderr.write(`[node-client] ${message}\n`);
}

/** Plays the user's browser: the suite approves at once, so follow its redirect to our loopback callback. */
async function signIn(prompt: SignInPrompt): Promise<void> {
  let url = prompt.authorizationUrl;
  // Bounded: an authorization server answers with the callback redirect directly; allow a couple of hops.
  for (let hop = 0; hop < 3; hop++) {
    const response = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(STEP_TIMEOUT_MS) });
    await response.body?.cancel();
    const location = response.headers.get('location');
    if (!location) throw new Error(`authorization endpoint answered ${response.status} without a redirect`);
    url = new URL(location, url).href;
    if (url.startsWith(prompt.callbackUrl)) {
      const callback = await fetch(url, { signal: AbortSignal.timeout(STEP_TIMEOUT_MS) });
      log(`loopback callback answered ${callback.status}`);
      await callback.body?.cancel();
      return;
    }
  }
  throw new Error('authorization did not come back to the loopback callback');
}

/** A port free a moment ago on 127.0.0.1, for the loopback redirect (the OS picks it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** The mcpServers entry a user would write for this server. */
async function serverEntry(): Promise<Record<string, unknown>> {
  const entry: Record<string, unknown> = { url: serverUrl };
  if (!scenario.startsWith('auth/')) return entry;
  entry.callback_port = await freePort();
  if (typeof context.client_id === 'string') entry.client_id = context.client_id;
  if (typeof context.client_secret === 'string') entry.client_secret = context.client_secret;
  // The runner hands over the Client ID Metadata Document URL it serves (as it does to the browser client).
  const metadataUrl = process.env.MCP_USE_CONFORMANCE_CLIENT_METADATA_URL;
  if (metadataUrl) entry.client_metadata_url = metadataUrl;
  const enterprise = enterpriseContext();
  if (enterprise) entry.enterprise = { issuer: enterprise.issuer, client_id: enterprise.clientId };
  return entry;
}

/** The Enterprise-Managed Authorization scenarios' IdP: its issuer, this client there, and the user's ID token. */
function enterpriseContext() {
  const { idp_issuer, idp_client_id, idp_id_token, idp_token_endpoint } = context;
  if (typeof idp_issuer !== 'string' || typeof idp_client_id !== 'string') return undefined;
  if (typeof idp_id_token !== 'string' || typeof idp_token_endpoint !== 'string') return undefined;
  return {
    issuer: idp_issuer,
    clientId: idp_client_id,
    idToken: idp_id_token,
    tokenEndpoint: idp_token_endpoint,
  };
}

/**
 * The user has signed in at the IdP already (the suite hands over the ID token it issued): stored as the IdP
 * sign-in MCPClient would have stored, so what runs is the client's own token exchange and JWT bearer grant.
 */
async function seedIdpSignIn(store: TokenStore): Promise<void> {
  const enterprise = enterpriseContext();
  if (!enterprise) return;
  const serverUrl = idpSessionKey(enterprise);
  const record: TokenRecord = {
    serverUrl,
    resource: '',
    issuer: enterprise.issuer,
    accessToken: 'idp-access-token-unused',
    tokenType: 'bearer',
    obtainedAt: Date.now(),
    idToken: enterprise.idToken,
    authorizationServer: { issuer: enterprise.issuer, token_endpoint: enterprise.tokenEndpoint },
    client: { clientId: enterprise.clientId, tokenEndpointAuthMethod: 'none', source: 'preregistered' },
  };
  await store.set(storeKeys.tokens(serverUrl, enterprise.issuer), record);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'mcp-use-conformance-'));
  const store = createFileStore(join(dir, 'oauth-tokens.json'));
  await seedIdpSignIn(store);
  const client = MCPClient.fromDict(
    { mcpServers: { server: await serverEntry() } },
    {
      clientName: 'mcp-use-conformance',
      requestTimeoutMs: STEP_TIMEOUT_MS,
      autoReconnect: false,
      onLog: (entry) => log(`${entry.level}: ${entry.message}`),
      // A user who accepts what the server asks for; the requested schema's defaults fill in the answer.
      onElicitation: async () => ({ action: 'accept', content: {} }),
      oauth: {
        store,
        authTimeoutMs: STEP_TIMEOUT_MS,
        onSignIn: (prompt) => {
          // Not awaited by the client: the user answers while it waits on its loopback listener.
          signIn(prompt).catch((error: unknown) => log(`sign-in failed: ${String(error)}`));
        },
      },
    },
  );
  try {
    const session: MCPSession = await client.createSession('server');
    log(`connected: ${session.tools.length} tools`);
    await runScenario({ scenario, context, session, log, signInAgain: () => session.connect() });
  } finally {
    await client.closeAllSessions();
    rmSync(dir, { recursive: true, force: true });
  }
}

const timer = setTimeout(() => {
  log(`gave up after ${OVERALL_TIMEOUT_MS} ms`);
  process.exit(2);
}, OVERALL_TIMEOUT_MS);
timer.unref();

main().then(
  () => {
    log('done');
    process.exit(0);
  },
  (error: unknown) => {
    const code = error instanceof McpUseError ? ` [${error.code}]` : '';
    log(`failed${code}: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
