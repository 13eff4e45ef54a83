/**
 * Long-lived streams (the legacy standalone GET stream, the 2026-07-28 `subscriptions/listen` stream, an HTTP+SSE
 * transport's event stream) each hold one HTTP/1.1 connection for as long as they are open. Browsers allow six
 * connections per origin, so a page with many MCP servers behind one origin would otherwise spend all six on
 * streams and leave its ordinary requests queued forever. Connections therefore take a slot from their origin's
 * budget before opening a stream; those that get none keep their lists current by re-listing instead.
 */

import { once } from './once';

export type ReleaseStream = () => void;

export class StreamBudget {
  readonly #held = new Map<string, number>();

  /** Takes a slot if the origin has one free under `limit`; the returned function gives it back (once). */
  tryAcquire(origin: string, limit: number): ReleaseStream | undefined {
    if (this.inUse(origin) >= limit) return undefined;
    return this.#take(origin);
  }

  /** Takes a slot even over the limit: for transports that cannot work without their stream (HTTP+SSE). */
  forceAcquire(origin: string): ReleaseStream {
    return this.#take(origin);
  }

  inUse(origin: string): number {
    return this.#held.get(origin) ?? 0;
  }

  #take(origin: string): ReleaseStream {
    this.#held.set(origin, this.inUse(origin) + 1);
    return once(() => {
      const left = this.inUse(origin) - 1;
      if (left > 0) this.#held.set(origin, left);
      else this.#held.delete(origin);
    });
  }
}

/** One budget per JavaScript realm: the browser's connection limit is shared by everything on the page. */
export const streamBudget = new StreamBudget();
