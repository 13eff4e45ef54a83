// The real servers the OAuth integration tests sign in against: the authorization server (oidc-provider,
// auto-consent) and the OAuth-protected MCP server that trusts it, started once for a test file.
import { afterAll, beforeAll } from 'vitest';
import {
  completeAuthorization,
  type FlowKind,
  type OAuthEnv,
  type OAuthSession,
  type PreparedAuthorization,
} from '../../../src/auth/index';
import {
  authorizeHeadless,
  type RunningAuthServer,
  type RunningOAuthMcpServer,
  type StartAuthServerOptions,
  type StartOAuthMcpServerOptions,
  startAuthServer,
  startOAuthMcpServer,
} from '../../support/oauthServers';

/** The registered redirect URI. Nothing listens there: the headless browser stops at the redirect to it. */
export const CALLBACK_URL = 'http://127.0.0.1:9/callback';

export interface OAuthStackOptions {
  authServer?: StartAuthServerOptions;
  /** For both MCP servers; the issuer is always the stack's authorization server. */
  mcpServer?: Omit<StartOAuthMcpServerOptions, 'issuer'>;
  /** Also start `otherMcpServer`, a second resource server trusting the same authorization server. */
  withOtherMcpServer?: boolean;
}

export interface OAuthStack {
  readonly authServer: RunningAuthServer;
  readonly mcpServer: RunningOAuthMcpServer;
  readonly otherMcpServer: RunningOAuthMcpServer;
}

type Running = { -readonly [K in keyof OAuthStack]?: OAuthStack[K] };

/**
 * Starts the stack in `beforeAll` and stops it in `afterAll` of the calling file. The servers are read from the
 * returned object inside tests and hooks; reading one that is not running throws instead of handing out
 * undefined.
 */
export function startOAuthStack(options: OAuthStackOptions = {}): OAuthStack {
  const running: Running = {};

  beforeAll(async () => {
    const authServer = await startAuthServer(options.authServer);
    running.authServer = authServer;
    const mcpOptions = { ...options.mcpServer, issuer: authServer.issuer };
    // Each one is kept as soon as it listens, so afterAll stops it even when the other fails to start.
    await Promise.all([
      startOAuthMcpServer(mcpOptions).then((server) => {
        running.mcpServer = server;
      }),
      options.withOtherMcpServer
        ? startOAuthMcpServer(mcpOptions).then((server) => {
            running.otherMcpServer = server;
          })
        : undefined,
    ]);
  });

  afterAll(async () => {
    await Promise.all([running.mcpServer?.stop(), running.otherMcpServer?.stop()]);
    await running.authServer?.stop();
  });

  const get = <K extends keyof OAuthStack>(name: K): OAuthStack[K] => {
    const server = running[name];
    if (!server)
      throw new Error(`${name} is not running: read it inside a test, and ask for it in the options`);
    return server as OAuthStack[K];
  };
  return {
    get authServer() {
      return get('authServer');
    },
    get mcpServer() {
      return get('mcpServer');
    },
    get otherMcpServer() {
      return get('otherMcpServer');
    },
  };
}

/**
 * The whole sign-in as the user goes through it: prepare, the authorization server's (auto-)consent, and the
 * callback page completing the flow. Resolves with what prepareAuthorization handed out.
 */
export async function signIn(
  session: OAuthSession,
  env: OAuthEnv,
  flow: FlowKind = 'redirect',
): Promise<PreparedAuthorization> {
  const prepared = await session.prepareAuthorization({ flow });
  await completeAuthorization(await authorizeHeadless(prepared.authorizationUrl, CALLBACK_URL), env);
  return prepared;
}
