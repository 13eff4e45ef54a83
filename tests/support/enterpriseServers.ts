// Enterprise-Managed Authorization as it runs for real: an enterprise IdP (tests/servers/enterprise-idp.mjs), the
// authorization server of the MCP servers that trusts it (tests/servers/enterprise-as.mjs), and MCP servers
// (tests/servers/oauth-mcp-server.mjs) that take only that authorization server's tokens, each checking that the
// token's audience is its own URL. All child processes on free loopback ports.
import { fileURLToPath } from 'node:url';
import { killChild, type Spawned, spawnListening } from './childProcesses.ts';
import { controlRequest } from './controlEndpoint.ts';
import { type RunningOAuthMcpServer, startOAuthMcpServer } from './oauthServers.ts';

export const ENTERPRISE_CLIENT_ID = 'enterprise-client';

/** What the IdP does with the next token exchanges (see tests/servers/enterprise-idp.mjs). */
export type IdJagMode = 'ok' | 'refuse' | 'expired' | 'wrong-audience' | 'bad-signature';

export interface IdpStats {
  authorizations: number;
  exchanges: number;
  exchangesRefused: number;
  refreshes: number;
}

export interface Enterprise {
  readonly idp: {
    issuer: string;
    stats(): Promise<IdpStats>;
    setIdJagMode(mode: IdJagMode): Promise<void>;
    /** The lifetime of the ID tokens the IdP issues from now on. */
    setIdTokenTtl(seconds: number): Promise<void>;
  };
  readonly authorizationServer: {
    issuer: string;
    stats(): Promise<{ grants: number; rejected: Record<string, number> }>;
  };
  readonly mcpServers: RunningOAuthMcpServer[];
  stop(): Promise<void>;
}

function spawnServer(file: string, args: string[]): Promise<Spawned> {
  return spawnListening(fileURLToPath(new URL(`../servers/${file}`, import.meta.url)), args, file);
}

export async function startEnterprise(
  options: { mcpServers?: number; webRedirectUris?: string[] } = {},
): Promise<Enterprise> {
  const started: { stop(): Promise<void> }[] = [];
  const stop = async () => {
    await Promise.all(started.reverse().map((server) => server.stop()));
  };
  try {
    const idpArgs = ['--port', '0', '--client-id', ENTERPRISE_CLIENT_ID];
    for (const uri of options.webRedirectUris ?? []) idpArgs.push('--web-redirect-uri', uri);
    const idpChild = await spawnServer('enterprise-idp.mjs', idpArgs);
    started.push({ stop: () => killChild(idpChild.child) });
    const idpIssuer = `http://127.0.0.1:${idpChild.port}`;
    const asArgs = ['--port', '0', '--idp', idpIssuer, '--client-id', ENTERPRISE_CLIENT_ID];
    if (options.webRedirectUris?.length) asArgs.push('--client-id', `${ENTERPRISE_CLIENT_ID}-web`);
    const asChild = await spawnServer('enterprise-as.mjs', asArgs);
    started.push({ stop: () => killChild(asChild.child) });
    const asIssuer = `http://127.0.0.1:${asChild.port}`;
    const mcpServers: RunningOAuthMcpServer[] = [];
    for (let index = 0; index < (options.mcpServers ?? 2); index += 1) {
      const server = await startOAuthMcpServer({ issuer: asIssuer });
      started.push(server);
      mcpServers.push(server);
    }
    return {
      idp: {
        issuer: idpIssuer,
        stats: async () => (await controlRequest(idpIssuer, 'stats')).json() as Promise<IdpStats>,
        setIdJagMode: async (mode) => {
          await controlRequest(idpIssuer, 'id-jag', { method: 'POST', body: JSON.stringify({ mode }) });
        },
        setIdTokenTtl: async (seconds) => {
          await controlRequest(idpIssuer, 'id-token-ttl', {
            method: 'POST',
            body: JSON.stringify({ seconds }),
          });
        },
      },
      authorizationServer: {
        issuer: asIssuer,
        stats: async () =>
          (await controlRequest(asIssuer, 'stats')).json() as Promise<{
            grants: number;
            rejected: Record<string, number>;
          }>,
      },
      mcpServers,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
