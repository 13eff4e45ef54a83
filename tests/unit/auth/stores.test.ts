import { describe, expect, it } from 'vitest';
import { createIdbStore } from '../../../src/browser/idbStore';
import { createMemoryStore } from '../../../src/auth/memoryStore';
import { PENDING_FLOW_TTL_MS, savePendingFlow, takePendingFlow } from '../../../src/auth/pendingFlows';
import { storeKeys } from '../../../src/auth/storeKeys';
import type { PendingFlow } from '../../../src/auth/types';

function flow(state: string, expiresAt: number): PendingFlow {
  return {
    state,
    codeVerifier: 'v'.repeat(43),
    issuer: 'https://as.example.com',
    authorizationServer: { issuer: 'https://as.example.com', token_endpoint: 'https://as.example.com/token' },
    client: { clientId: 'c', tokenEndpointAuthMethod: 'none', source: 'dynamic' },
    serverUrl: 'https://mcp.example.com/mcp',
    resource: 'https://mcp.example.com/mcp',
    redirectUri: 'https://app.example.com/callback',
    flow: 'popup',
    createdAt: expiresAt - PENDING_FLOW_TTL_MS,
    expiresAt,
  };
}

describe('memory store', () => {
  it('stores copies, so mutating a read value changes nothing stored', async () => {
    const store = createMemoryStore();
    await store.set('k', { n: 1 });
    const read = (await store.get<{ n: number }>('k')) as { n: number };
    read.n = 2;
    expect(await store.get('k')).toEqual({ n: 1 });
    await store.del('k');
    expect(await store.get('k')).toBeUndefined();
  });
});

describe('idb store', () => {
  it('falls back to memory where indexedDB does not exist', async () => {
    expect(typeof indexedDB).toBe('undefined');
    const store = createIdbStore();
    await store.set('k', 'v');
    expect(await store.get('k')).toBe('v');
  });
});

describe('pending flows', () => {
  it('are taken once: the second take finds nothing', async () => {
    const store = createMemoryStore();
    await savePendingFlow(store, flow('s1', 10_000), 0);
    expect((await takePendingFlow(store, 's1'))?.state).toBe('s1');
    expect(await takePendingFlow(store, 's1')).toBeUndefined();
  });

  it('clean up expired records of the same server when a new flow is saved', async () => {
    const store = createMemoryStore();
    await savePendingFlow(store, flow('old', 1_000), 0);
    await savePendingFlow(store, flow('live', 50_000), 0);
    await savePendingFlow(store, flow('new', 60_000), 2_000);
    expect(await store.get(storeKeys.pending('old'))).toBeUndefined();
    expect(await store.get(storeKeys.pending('live'))).toBeDefined();
    expect(await store.get(storeKeys.pending('new'))).toBeDefined();
  });
});
