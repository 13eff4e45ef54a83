// How the runner spreads scenario runs over its workers: `concurrency` at a time, except the scenarios that time
// the client (plan.mjs TIMING_SENSITIVE), which run one by one once everything else has finished.
import { TIMING_SENSITIVE } from './plan.mjs';

async function pool(jobs, concurrency, work) {
  const queue = [...jobs];
  await Promise.all(
    Array.from({ length: Math.max(1, Math.min(concurrency, queue.length)) }, async () => {
      for (let job = queue.shift(); job; job = queue.shift()) await work(job);
    }),
  );
}

/** Runs `work(job)` for every job; resolves when all are done. */
export async function runScheduled(jobs, concurrency, work) {
  const timed = (job) => TIMING_SENSITIVE.has(job.scenario);
  await pool(
    jobs.filter((job) => !timed(job)),
    concurrency,
    work,
  );
  await pool(jobs.filter(timed), 1, work);
}
