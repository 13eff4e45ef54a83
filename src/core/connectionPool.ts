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
    const connection = this.candidate(key, options);
    this.#byKey.set(key, connection);
    return connection;
  }

  /** The pooled connection for `key`, if there is one. */
  peek(key: string): Connection | undefined {
    return this.#byKey.get(key);
  }

  /**
   * What a render may ask for: the pooled connection for `key`, or a new one that nothing holds on to — it
   * joins the pool only through `share()`, from an effect, so a render that never commits (server rendering, a
   * discarded concurrent render) leaves nothing behind (and no one's headers in memory).
   */
  candidate(key: string, options: () => ConnectionOptions): Connection {
    return this.#byKey.get(key) ?? new Connection(options(), this.#environment);
  }

  /**
   * `acquire()` for a committed component: uses the connection pooled for `key` if another component got there
   * first (then `connection`, never connected, is dropped), else pools `connection`.
   */
  share(key: string, connection: Connection): { connection: Connection; release: () => void } {
    const shared = this.#byKey.get(key) ?? connection;
    return { connection: shared, release: this.acquire(key, shared) };
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
