// Preloaded (`node --import`) into a CLI run that must find its saved tokens older than they are: moves Date.now,
// which the OAuth engine's default clock reads, TEST_CLOCK_AHEAD_MS milliseconds ahead of real time. Timers keep
// real time, so every bounded wait in the CLI stays as long as it was.
const aheadMs = Number(process.env.TEST_CLOCK_AHEAD_MS ?? 0);
if (Number.isFinite(aheadMs) && aheadMs !== 0) {
  const realNow = Date.now;
  Date.now = () => realNow.call(Date) + aheadMs;
}
