import type { Connection } from '../../src/core/Connection';
import type { ConnectionSnapshot } from '../../src/core/types';

const STATE_TIMEOUT_MS = 15_000;

/**
 * Resolves the first snapshot in one of `states`, checking on every change the connection announces (no
 * polling); rejects with the state it is stuck in after a bounded wait.
 */
export function waitForState(
  connection: Connection,
  states: ConnectionSnapshot['state'][],
): Promise<ConnectionSnapshot> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`still ${connection.getSnapshot().state}`));
    }, STATE_TIMEOUT_MS);
    const check = () => {
      const snapshot = connection.getSnapshot();
      if (!states.includes(snapshot.state)) return;
      clearTimeout(timer);
      unsubscribe();
      resolve(snapshot);
    };
    const unsubscribe = connection.subscribe(check);
    check();
  });
}
