import type { ConnectionSnapshot } from './types';

/** A new connection's snapshot: `connecting`, nothing known yet. */
export const INITIAL_SNAPSHOT: ConnectionSnapshot = Object.freeze({
  state: 'connecting',
  error: undefined,
  tools: [],
  resources: [],
  resourceTemplates: [],
  prompts: [],
  serverInfo: undefined,
  capabilities: undefined,
  protocolVersion: undefined,
  era: undefined,
  transport: undefined,
  authUrl: undefined,
  log: [],
});

/**
 * `current` with `patch` applied, as a new frozen object — or `current` itself when no field really changed, so
 * that subscribers render on real changes alone.
 */
export function patchSnapshot(
  current: ConnectionSnapshot,
  patch: Partial<ConnectionSnapshot>,
): ConnectionSnapshot {
  const keys = Object.keys(patch) as (keyof ConnectionSnapshot)[];
  if (keys.every((key) => Object.is(current[key], patch[key]))) return current;
  return Object.freeze({ ...current, ...patch });
}
