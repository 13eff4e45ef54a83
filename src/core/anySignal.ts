/**
 * A signal that aborts with the first of `signals` to abort, and its reason: AbortSignal.any where the runtime has
 * it (Node 20.3, Chrome 116, Firefox 124, Safari 17.4), a controller that follows them elsewhere.
 */
export function anySignal(...signals: AbortSignal[]): AbortSignal {
  if (typeof AbortSignal.any === 'function') return AbortSignal.any(signals);
  const controller = new AbortController();
  for (const signal of signals) {
    if (signal.aborted) {
      controller.abort(signal.reason);
      break;
    }
    signal.addEventListener('abort', () => controller.abort(signal.reason), { once: true });
  }
  return controller.signal;
}
