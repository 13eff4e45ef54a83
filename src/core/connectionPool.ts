import { Connection } from './Connection';
import type { ConnectionEnvironment } from './environment';
import { once } from './once';
import type { ConnectionOptions } from './types';

interface Use {
  users: number;
  release: ReturnType<typeof setTimeout> | undefined;
}

/**
 * Connections shared by key: components that ask for the same server with the same options use one connection
 * (one handshake, one sign-in). The first user connects it; when the last user lets go, it is closed one tick
 * later — so React StrictMode's mount → unmount → mount keeps a single connection and a single handshake — and
 * leaves the pool.
 */
export class ConnectionPool {
  readonly #environment: ConnectionEnvironment | undefined;
  readonly #byKey = new Map<string, Connection>();
  readonly #uses = new Map<Connection, Use>();

  constructor(environment?: ConnectionEnvironment) {
    this.#environment = environment;
  }

  /** The pooled connection for `key`, created from `options` the first time (it does not connect by itself). */
  get(key: string, options: () => ConnectionOptions): Connection {
    const existing = this.#byKey.get(key);
    if (existing) return existing;
    const connection = new Connection(options(), this.#environment);
    this.#byKey.set(key, connection);
    return connection;
  }

  /**
   * Uses the connection until the returned release is called (once; later calls do nothing): connects it, and
   * puts it back in the pool if it had left.
   */
  acquire(key: string, connection: Connection): () => void {
    if (!this.#byKey.has(key)) this.#byKey.set(key, connection);
    const use = this.#uses.get(connection) ?? { users: 0, release: undefined };
    this.#uses.set(connection, use);
    use.users += 1;
    clearTimeout(use.release);
    use.release = undefined;
    connection.connect();
    return once(() => {
      use.users -= 1;
      if (use.users > 0) return;
      use.release = setTimeout(() => this.#close(key, connection, use), 0);
    });
  }

  #close(key: string, connection: Connection, use: Use): void {
    use.release = undefined;
    if (use.users > 0) return;
    this.#uses.delete(connection);
    void connection.disconnect().then(() => {
      // Only if nobody took it up again while it closed.
      if (!this.#uses.has(connection) && this.#byKey.get(key) === connection) this.#byKey.delete(key);
    });
  }
}
