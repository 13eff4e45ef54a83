// The page's wall clock, moved forward by the test. useMcp gives the OAuth engine no clock of its own to inject,
// and the engine's default `now()` reads Date.now at every call, so moving Date.now makes stored tokens look
// older than they are, without waiting. Timers (and so every bounded wait) keep real time.
const realNow = Date.now;
let aheadMs = 0;

/** From now on the page believes `ms` more milliseconds have passed. */
export function advancePageClock(ms: number): void {
  aheadMs += ms;
  Date.now = () => realNow.call(Date) + aheadMs;
}

/** Back to real time; for afterEach, so one test's clock never leaks into the next. */
export function resetPageClock(): void {
  aheadMs = 0;
  Date.now = realNow;
}
