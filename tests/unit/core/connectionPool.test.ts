import { describe, expect, it } from 'vitest';
import { ConnectionPool } from '../../../src/core/connectionPool';

// A URL the connection refuses at once (invalid_url): the pool's bookkeeping is tested without a server.
const options = () => ({ url: 'not a url' });
const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('ConnectionPool', () => {
  it('hands out one connection per key and creates it only once', () => {
    const pool = new ConnectionPool();
    let created = 0;
    const make = () => {
      created += 1;
      return options();
    };
    expect(pool.get('a', make)).toBe(pool.get('a', make));
    expect(pool.get('b', make)).not.toBe(pool.get('a', make));
    expect(created).toBe(2);
  });

  it('keeps the connection through a release and re-acquire in the same tick (StrictMode remount)', async () => {
    const pool = new ConnectionPool();
    const connection = pool.get('a', options);
    const release = pool.acquire('a', connection);
    release();
    const again = pool.acquire('a', connection);
    await tick();
    expect(connection.getSnapshot().state).not.toBe('disconnected');
    expect(pool.get('a', options)).toBe(connection);
    again();
  });

  it('closes the connection one tick after the last user leaves, and then forgets it', async () => {
    const pool = new ConnectionPool();
    const connection = pool.get('a', options);
    const first = pool.acquire('a', connection);
    const second = pool.acquire('a', connection);
    first();
    first(); // a second call of the same release changes nothing
    await tick();
    expect(connection.getSnapshot().state).not.toBe('disconnected');
    second();
    expect(connection.getSnapshot().state).not.toBe('disconnected');
    await tick();
    expect(connection.getSnapshot().state).toBe('disconnected');
    expect(pool.get('a', options)).not.toBe(connection);
  });

  it('puts a connection back when a component that still holds it acquires it again', async () => {
    const pool = new ConnectionPool();
    const connection = pool.get('a', options);
    pool.acquire('a', connection)();
    await tick();
    pool.acquire('a', connection);
    expect(pool.get('a', options)).toBe(connection);
  });

  it('pools a render-time candidate only once it is shared, and shares the first one pooled for its key', () => {
    const pool = new ConnectionPool();
    const first = pool.candidate('a', options);
    const second = pool.candidate('a', options);
    expect(second).not.toBe(first);
    expect(pool.peek('a')).toBe(undefined); // nothing held on to before a component commits
    const one = pool.share('a', first);
    const two = pool.share('a', second); // committed later: it uses the connection already shared
    expect([one.connection, two.connection]).toEqual([first, first]);
    // The shared one connected (and refused its URL at once); the other never connected: it is just dropped.
    expect([first.getSnapshot().state, second.getSnapshot().state]).toEqual(['failed', 'connecting']);
    expect(pool.peek('a')).toBe(first);
    expect(pool.candidate('a', options)).toBe(first);
    one.release();
    two.release();
  });
});
