// RFC 7591 registration answered with a client_secret but no client_secret_expires_at (the conformance suite's
// authorization server does this, as do many real ones): the engine must accept it (absent = does not expire),
// not fail the sign-in with "client_secret_expires_at property must be a number".
import { resolveEnv } from '../../../src/auth/env';
import { createMemoryStore } from '../../../src/auth/memoryStore';
import { registerClient } from '../../../src/auth/registerClient';
import { jsonServer, verdict } from './support';

const server = await jsonServer(() => ({
  '/register': {
    status: 201,
    body: { client_id: 'abc', client_secret: 's3cret', redirect_uris: ['http://127.0.0.1:1/cb'] },
  },
}));
try {
  const client = await registerClient(
    { issuer: server.origin, registration_endpoint: `${server.origin}/register` },
    { serverUrl: `${server.origin}/mcp`, redirectUri: 'http://127.0.0.1:1/cb' },
    resolveEnv({ store: createMemoryStore() }),
  );
  verdict(client.clientId === 'abc', `registered ${client.clientId}`);
} catch (error) {
  verdict(false, `registration refused: ${(error as Error).message}`);
} finally {
  server.close();
}
