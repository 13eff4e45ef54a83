import { Connection } from './Connection';
import type { ConnectionOptions } from './types';

/**
 * Connections shared by key: components that ask for the same server with the same options use one connection
 * (one handshake, one sign-in). An entry leaves the pool once its last user released it and it closed.
 */
export class ConnectionPool {
  readonly #entries = new Map<string, Connection>();

  /** The pooled connection for `key`, created from `options` the first time (it does not connect by itself). */
  get(key: string, options: () => ConnectionOptions): Connection {
    const existing = this.#entries.get(key);
    if (existing) return existing;
    const connection: Connection = new Connection({
      ...options(),
      onIdle: () => {
        if (this.#entries.get(key) === connection) this.#entries.delete(key);
      },
    });
    this.#entries.set(key, connection);
    return connection;
  }

  /** Uses the connection until the returned release is called; puts it back in the pool if it had left. */
  acquire(key: string, connection: Connection): () => void {
    if (!this.#entries.has(key)) this.#entries.set(key, connection);
    return connection.acquire();
  }
}

/** The pool `useMcp` draws from: one per page. */
export const connectionPool = new ConnectionPool();
