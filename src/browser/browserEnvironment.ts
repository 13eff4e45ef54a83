import type { ConnectionEnvironment } from '../core/environment';
import type { FocusSource } from '../core/focusSource';
import type { ProtocolStorage } from '../core/protocolMemory';

/** The window regaining focus, or the tab becoming visible again. Does nothing where there is no window (SSR). */
export const windowFocusSource: FocusSource = {
  subscribe(onFocus) {
    if (typeof window === 'undefined') return () => undefined;
    const onVisible = () => {
      if (document.visibilityState === 'visible') onFocus();
    };
    window.addEventListener('focus', onVisible);
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      window.removeEventListener('focus', onVisible);
      document.removeEventListener('visibilitychange', onVisible);
    };
  },
};

/** localStorage, read when used: it may be missing (SSR) or throw (storage disabled, sandboxed frame). */
const lazyLocalStorage: ProtocolStorage = {
  getItem: (key) => localStorageOrUndefined()?.getItem(key) ?? null,
  setItem: (key, value) => localStorageOrUndefined()?.setItem(key, value),
  removeItem: (key) => localStorageOrUndefined()?.removeItem(key),
};

function localStorageOrUndefined(): Storage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined;
  }
}

/**
 * Connections in a page (the `mcp-use` browser entry and `useMcp`): re-list when the page regains attention, hold at most two of the six HTTP/1.1
 * connections a browser allows per origin for long-lived streams, and remember server protocols in localStorage
 * so that a reload connects at the protocol's minimum.
 */
export const browserEnvironment: ConnectionEnvironment = Object.freeze({
  focus: windowFocusSource,
  // Workers and other runtimes without a window have no per-page connection limit to share.
  get streamsPerOrigin() {
    return typeof window === 'undefined' ? Number.POSITIVE_INFINITY : 2;
  },
  protocolStorage: lazyLocalStorage,
});
