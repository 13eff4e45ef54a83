import { AuthTimeoutError } from './errors';

/** The default `authTimeoutMs`: time enough for a login with a second factor; then nothing waits any more. */
export const DEFAULT_AUTH_TIMEOUT_MS = 5 * 60_000;

/**
 * Runs a sign-in (popup or redirect) under a deadline: after `timeoutMs` (0: no deadline) it rejects with
 * AuthTimeoutError and aborts the signal `run` was given. `run` is called synchronously, so a popup it opens
 * still opens inside the user's click.
 */
export function withDeadline(
  timeoutMs: number,
  signal: AbortSignal,
  serverUrl: string,
  run: (signal: AbortSignal) => Promise<void>,
): Promise<void> {
  if (!(timeoutMs > 0)) return run(signal);
  const inner = new AbortController();
  const forward = () => inner.abort();
  signal.addEventListener('abort', forward, { once: true });
  if (signal.aborted) inner.abort();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      reject(new AuthTimeoutError(timeoutMs, { serverUrl }));
      inner.abort();
    }, timeoutMs);
  });
  return Promise.race([run(inner.signal), expired]).finally(() => {
    clearTimeout(timer);
    signal.removeEventListener('abort', forward);
  });
}
