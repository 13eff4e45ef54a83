// sse-retry times the client's reconnect against the server's `retry:` hint with 200 ms of tolerance; run beside
// another scenario on two cores it can look late. The runner gives such scenarios the machine to themselves.
import { expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs module of the conformance runner, without type declarations
import { runScheduled } from '../../conformance/lib/schedule.mjs';

it('runs timing-sensitive scenarios alone, after every other scenario has finished', async () => {
  const jobs = ['initialize', 'sse-retry', 'tools_call', 'auth/metadata-default', 'auth/basic-cimd'].map(
    (scenario) => ({ scenario }),
  );
  const events: string[] = [];
  let running = 0;
  let overlapDuringTimed = false;
  await runScheduled(jobs, 2, async ({ scenario }: { scenario: string }) => {
    running += 1;
    if (scenario === 'sse-retry' && running > 1) overlapDuringTimed = true;
    events.push(`start ${scenario}`);
    // A turn of the event loop, so that two workers really overlap.
    await new Promise((resolve) => setImmediate(resolve));
    events.push(`end ${scenario}`);
    running -= 1;
  });
  expect(overlapDuringTimed).toBe(false);
  expect(events.at(-2)).toBe('start sse-retry');
  expect(events.filter((event) => event.startsWith('end'))).toHaveLength(jobs.length);
});
