/** `fn`, runnable once: later calls do nothing (for release functions handed to callers). */
export function once(fn: () => void): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    fn();
  };
}
