/**
 * A clock for the OAuth engine's injected `now()` that stands still until the test moves it, so whether a token
 * looks fresh or expired to the client is the test's decision, not a matter of how fast the machine runs.
 */
export function manualClock(start = Date.now()) {
  let now = start;
  return {
    now: () => now,
    advance(ms: number): void {
      now += ms;
    },
  };
}
