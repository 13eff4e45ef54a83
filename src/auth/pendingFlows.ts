/**
 * Pending sign-ins, keyed by `state`. A record is taken (read and deleted) before its code is redeemed, so a
 * state can be used once (RFC 9700 §4.7: authorization codes and their context are single use).
 */
import type { TokenStore } from './store';
import { storeKeys } from './storeKeys';
import type { PendingFlow } from './types';

/** How long a prepared authorization URL stays usable. */
export const PENDING_FLOW_TTL_MS = 10 * 60 * 1000;
/** Bound on the per-server index of flows that may still be pending. */
const MAX_INDEXED_FLOWS = 20;

interface IndexEntry {
  state: string;
  expiresAt: number;
}

export async function savePendingFlow(store: TokenStore, flow: PendingFlow, nowMs: number): Promise<void> {
  await store.set(storeKeys.pending(flow.state), flow);
  // Keep a small per-server index so abandoned flows (closed popups) do not pile up in the store forever.
  const indexKey = storeKeys.pendingIndex(flow.serverUrl, flow.account);
  const index = (await store.get<IndexEntry[]>(indexKey)) ?? [];
  const live = index.filter((entry) => entry.expiresAt > nowMs);
  const keep = live.slice(Math.max(0, live.length - (MAX_INDEXED_FLOWS - 1)));
  for (const entry of index) {
    if (!keep.includes(entry)) await store.del(storeKeys.pending(entry.state));
  }
  keep.push({ state: flow.state, expiresAt: flow.expiresAt });
  await store.set(indexKey, keep);
}

/** Reads and deletes the record for `state`; undefined when there is none (unknown, or already used). */
export async function takePendingFlow(store: TokenStore, state: string): Promise<PendingFlow | undefined> {
  const key = storeKeys.pending(state);
  const flow = await store.get<PendingFlow>(key);
  if (flow) await store.del(key);
  return flow;
}

/** Whether `state` names a pending sign-in, without using it up. */
export async function hasPendingFlow(store: TokenStore, state: string): Promise<boolean> {
  return (await store.get<PendingFlow>(storeKeys.pending(state))) !== undefined;
}
