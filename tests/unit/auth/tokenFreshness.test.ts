import { describe, expect, it } from 'vitest';
import { DEFAULT_REFRESH_SKEW_MS, tokenFreshness } from '../../../src/auth/tokenFreshness';

const SECOND = 1_000;

describe('tokenFreshness', () => {
  it('calls a token without an expiry fresh, however late it is', () => {
    expect(tokenFreshness({ obtainedAt: 0 }, 0, DEFAULT_REFRESH_SKEW_MS)).toBe('fresh');
    expect(tokenFreshness({ obtainedAt: 0 }, Number.MAX_SAFE_INTEGER, DEFAULT_REFRESH_SKEW_MS)).toBe('fresh');
  });

  it('turns expiring exactly one skew before expiry, and expired exactly at expiry', () => {
    const hour = { obtainedAt: 0, expiresAt: 3_600 * SECOND };
    const skew = 30 * SECOND;
    expect(tokenFreshness(hour, 0, skew)).toBe('fresh');
    expect(tokenFreshness(hour, hour.expiresAt - skew - 1, skew)).toBe('fresh');
    expect(tokenFreshness(hour, hour.expiresAt - skew, skew)).toBe('expiring');
    expect(tokenFreshness(hour, hour.expiresAt - 1, skew)).toBe('expiring');
    expect(tokenFreshness(hour, hour.expiresAt, skew)).toBe('expired');
    expect(tokenFreshness(hour, hour.expiresAt + SECOND, skew)).toBe('expired');
  });

  it('caps the skew at half the lifetime, so a token shorter-lived than the skew is still used', () => {
    const twoSeconds = { obtainedAt: 10 * SECOND, expiresAt: 12 * SECOND };
    expect(tokenFreshness(twoSeconds, 10 * SECOND, 30 * SECOND)).toBe('fresh');
    expect(tokenFreshness(twoSeconds, 11 * SECOND - 1, 30 * SECOND)).toBe('fresh');
    expect(tokenFreshness(twoSeconds, 11 * SECOND, 30 * SECOND)).toBe('expiring');
    expect(tokenFreshness(twoSeconds, 12 * SECOND - 1, 30 * SECOND)).toBe('expiring');
    expect(tokenFreshness(twoSeconds, 12 * SECOND, 30 * SECOND)).toBe('expired');
  });

  it('uses the configured skew when it is shorter than half the lifetime', () => {
    const minute = { obtainedAt: 0, expiresAt: 60 * SECOND };
    expect(tokenFreshness(minute, 50 * SECOND - 1, 10 * SECOND)).toBe('fresh');
    expect(tokenFreshness(minute, 50 * SECOND, 10 * SECOND)).toBe('expiring');
  });

  it('never reports expiring with no skew: a token goes from fresh straight to expired', () => {
    const minute = { obtainedAt: 0, expiresAt: 60 * SECOND };
    expect(tokenFreshness(minute, 60 * SECOND - 1, 0)).toBe('fresh');
    expect(tokenFreshness(minute, 60 * SECOND, 0)).toBe('expired');
  });

  it('still tells a token obtained "after" its expiry (a clock that moved back) fresh until it expires', () => {
    const skewed = { obtainedAt: 5 * SECOND, expiresAt: 4 * SECOND };
    expect(tokenFreshness(skewed, 4 * SECOND - 1, 30 * SECOND)).toBe('fresh');
    expect(tokenFreshness(skewed, 4 * SECOND, 30 * SECOND)).toBe('expired');
  });

  it('refreshes 30 s before expiry by default', () => {
    expect(DEFAULT_REFRESH_SKEW_MS).toBe(30 * SECOND);
  });
});
