/**
 * Tells when the app has the user's attention again (a browser window regains focus, a hidden tab becomes
 * visible): connections that re-list instead of holding a stream refresh then. Injected, so the core never reads
 * `window` itself; the browser layer provides the window's events, and elsewhere nothing ever fires.
 */
export interface FocusSource {
  /** Calls `onFocus` whenever attention returns; returns the removal of the listener. */
  subscribe(onFocus: () => void): () => void;
}

export const noFocusSource: FocusSource = { subscribe: () => () => undefined };
