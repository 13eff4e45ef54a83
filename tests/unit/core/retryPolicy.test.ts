import { describe, expect, it } from 'vitest';
import { resolveRetryPolicy, retryDelay } from '../../../src/core/retryPolicy';

describe('retry policy', () => {
  it('is off when the option is false and uses the fallback when absent', () => {
    expect(resolveRetryPolicy(false, true).maxAttempts).toBe(0);
    expect(resolveRetryPolicy(undefined, false).maxAttempts).toBe(0);
    expect(resolveRetryPolicy(undefined, true).maxAttempts).toBeGreaterThan(0);
  });

  it('takes a number as the initial delay', () => {
    expect(resolveRetryPolicy(250, false)).toMatchObject({ initialDelayMs: 250 });
  });

  it('doubles the delay each attempt and caps it', () => {
    const policy = { maxAttempts: 10, initialDelayMs: 100, maxDelayMs: 500 };
    expect([1, 2, 3, 4, 5].map((n) => retryDelay(policy, n))).toEqual([100, 200, 400, 500, 500]);
  });

  it('never yields negative attempts or delays', () => {
    expect(resolveRetryPolicy({ maxAttempts: -3, initialDelayMs: -5 }, false)).toMatchObject({
      maxAttempts: 0,
      initialDelayMs: 0,
    });
  });
});
