import { describe, expect, it } from 'vitest';
import { createMutexLock } from '../../../src/auth/lock';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('createMutexLock', () => {
  it('runs holders of one name one after another, in call order', async () => {
    const lock = createMutexLock();
    const events: string[] = [];
    const hold = (id: string) =>
      lock('refresh', async () => {
        events.push(`start ${id}`);
        await tick();
        events.push(`end ${id}`);
        return id;
      });
    expect(await Promise.all([hold('a'), hold('b'), hold('c')])).toEqual(['a', 'b', 'c']);
    expect(events).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });

  it('lets different names run at the same time', async () => {
    const lock = createMutexLock();
    let concurrent = 0;
    let peak = 0;
    const hold = (name: string) =>
      lock(name, async () => {
        concurrent += 1;
        peak = Math.max(peak, concurrent);
        await tick();
        concurrent -= 1;
      });
    await Promise.all([hold('x'), hold('y')]);
    expect(peak).toBe(2);
  });

  it('releases the lock when a holder fails', async () => {
    const lock = createMutexLock();
    await expect(lock('n', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(lock('n', async () => 'next')).resolves.toBe('next');
  });
});
