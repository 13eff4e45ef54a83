import type { Connection } from '../../src/core/Connection';
import type { ConnectionSnapshot } from '../../src/core/types';

const STATE_TIMEOUT_MS = 15_000;

/**
 * Resolves the first snapshot that satisfies `done`, checking on every change the connection announces (no
 * polling); rejects with the state it is stuck in after a bounded wait.
 */
export function waitForSnapshot(
  connection: Connection,
  done: (snapshot: ConnectionSnapshot) => boolean,
  timeoutMs = STATE_TIMEOUT_MS,
): Promise<ConnectionSnapshot> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`still ${connection.getSnapshot().state}`));
    }, timeoutMs);
    const check = () => {
      const snapshot = connection.getSnapshot();
      if (!done(snapshot)) return;
      clearTimeout(timer);
      unsubscribe();
      resolve(snapshot);
    };
    const unsubscribe = connection.subscribe(check);
    check();
  });
}

/** Resolves the first snapshot in one of `states` (see waitForSnapshot). */
export function waitForState(
  connection: Connection,
  states: ConnectionSnapshot['state'][],
): Promise<ConnectionSnapshot> {
  return waitForSnapshot(connection, (snapshot) => states.includes(snapshot.state));
}
