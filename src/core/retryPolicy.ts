/** How many attempts to make and how long to wait between them (exponential backoff, capped). */
export interface RetryPolicy {
  /** Attempts after the first failure. 0 means no retry. */
  maxAttempts: number;
  /** Delay before the first retry, in milliseconds. */
  initialDelayMs: number;
  /** Upper bound of the delay between attempts, in milliseconds. */
  maxDelayMs: number;
}

/** `true` = the default policy, a number = the initial delay in ms, an object = overrides. */
export type RetryOption = boolean | number | Partial<RetryPolicy>;

const DEFAULT_POLICY: RetryPolicy = { maxAttempts: 3, initialDelayMs: 1_000, maxDelayMs: 10_000 };
const NO_RETRY: RetryPolicy = { maxAttempts: 0, initialDelayMs: 0, maxDelayMs: 0 };

export function resolveRetryPolicy(option: RetryOption | undefined, fallback: boolean): RetryPolicy {
  const value = option ?? fallback;
  if (value === false) return NO_RETRY;
  if (value === true) return DEFAULT_POLICY;
  if (typeof value === 'number') return { ...DEFAULT_POLICY, initialDelayMs: Math.max(0, value) };
  const policy = { ...DEFAULT_POLICY, ...value };
  return {
    maxAttempts: Math.max(0, Math.floor(policy.maxAttempts)),
    initialDelayMs: Math.max(0, policy.initialDelayMs),
    maxDelayMs: Math.max(policy.initialDelayMs, policy.maxDelayMs),
  };
}

/** Delay before retry number `attempt` (1-based): doubles each time, capped at `maxDelayMs`. */
export function retryDelay(policy: RetryPolicy, attempt: number): number {
  return Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.max(0, attempt - 1));
}
