// Node-side commands for the browser tests of Enterprise-Managed Authorization: start the IdP, the authorization
// server that redeems its ID-JAGs and an MCP server behind it (tests/support/enterpriseServers.ts), look at their
// counters, switch the IdP's answers. Referred to by an id, since the running servers cannot cross into the page.
import type { BrowserCommand } from 'vitest/node';
import { type Enterprise, type IdJagMode, startEnterprise } from './enterpriseServers.ts';

const running = new Map<string, { enterprise: Enterprise; owner: string }>();
let nextId = 0;

function find(id: string): Enterprise {
  const found = running.get(id);
  if (!found) throw new Error(`No enterprise servers with id ${id}`);
  return found.enterprise;
}

const startEnterpriseServers: BrowserCommand<[{ webRedirectUri: string; mcpServers?: number }]> = async (
  ctx,
  options,
) => {
  const enterprise = await startEnterprise({
    mcpServers: options.mcpServers ?? 1,
    webRedirectUris: [options.webRedirectUri],
  });
  nextId += 1;
  const id = String(nextId);
  running.set(id, { enterprise, owner: ctx.sessionId });
  return {
    id,
    idpIssuer: enterprise.idp.issuer,
    asIssuer: enterprise.authorizationServer.issuer,
    mcpUrls: enterprise.mcpServers.map((server) => server.url),
  };
};

const enterpriseStats: BrowserCommand<[string]> = async (_ctx, id) => {
  const enterprise = find(id);
  return { idp: await enterprise.idp.stats(), as: await enterprise.authorizationServer.stats() };
};

const setIdJagMode: BrowserCommand<[string, IdJagMode]> = async (_ctx, id, mode) => {
  await find(id).idp.setIdJagMode(mode);
};

const stopEnterpriseServers: BrowserCommand<[]> = async (ctx) => {
  const stops: Promise<void>[] = [];
  for (const [id, { enterprise, owner }] of [...running]) {
    if (owner !== ctx.sessionId) continue;
    running.delete(id);
    stops.push(enterprise.stop());
  }
  await Promise.all(stops);
};

export const enterpriseBrowserCommands = {
  startEnterpriseServers,
  enterpriseStats,
  setIdJagMode,
  stopEnterpriseServers,
};
