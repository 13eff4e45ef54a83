// A 403 insufficient_scope (step-up) reaches Connection.#stepUp, which asks `auth.onInsufficientScope`. NodeOAuth
// (MCPClient's OAuth) has no such method (BrowserOAuth has), so the Node client never signs in for the wider
// scope: the call fails with connection_lost "Insufficient scope".
import { createMemoryStore } from '../../../src/auth/memoryStore';
import { NodeOAuth } from '../../../src/node/oauth/NodeOAuth';
import { verdict } from './support';

const auth = new NodeOAuth({ serverUrl: 'http://127.0.0.1:9/mcp', store: createMemoryStore() });
verdict(
  typeof (auth as { onInsufficientScope?: unknown }).onInsufficientScope === 'function',
  `NodeOAuth.onInsufficientScope: ${typeof (auth as { onInsufficientScope?: unknown }).onInsufficientScope}`,
);
