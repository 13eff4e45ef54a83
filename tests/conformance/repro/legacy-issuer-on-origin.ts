// 2025-03-26 servers (no protected-resource metadata): the client reads authorization-server metadata from the
// MCP server's origin, an "authorization base URL", not an issuer it chose. The suite's server there names the
// issuer `<origin>/oauth` (its endpoints live under /oauth). The engine applies RFC 8414 §3.3 (issuer must equal
// the URL the well-known path was built from) and refuses; for this fallback an issuer on the same origin should
// be accepted (and then used as the issuer), as other MCP clients do.
import { discoverServer } from '../../../src/auth/discoverServer';
import { resolveEnv } from '../../../src/auth/env';
import { createMemoryStore } from '../../../src/auth/memoryStore';
import { jsonServer, verdict } from './support';

const server = await jsonServer((origin) => ({
  '/.well-known/oauth-authorization-server': {
    body: {
      issuer: `${origin}/oauth`,
      authorization_endpoint: `${origin}/oauth/authorize`,
      token_endpoint: `${origin}/oauth/token`,
      registration_endpoint: `${origin}/oauth/register`,
      response_types_supported: ['code'],
      code_challenge_methods_supported: ['S256'],
    },
  },
}));
try {
  const found = await discoverServer(
    { serverUrl: `${server.origin}/mcp` },
    resolveEnv({ store: createMemoryStore() }),
  );
  verdict(
    found.authorizationServer.issuer === `${server.origin}/oauth`,
    `discovered issuer ${found.authorizationServer.issuer}`,
  );
} catch (error) {
  verdict(false, `discovery refused: ${(error as Error).message}`);
} finally {
  server.close();
}
