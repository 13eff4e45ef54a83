import type { Client } from '@modelcontextprotocol/client';
import type { McpUseError } from './errors';
import type { RequestOptions } from './liveClient';
import { onNotification } from './notificationHub';
import type { ResourceListener, WatchResourceOptions } from './types';

/** Runs a request on the connection's ready client, with its timeout and error rules. */
export type RunRequest = <T>(run: (client: Client, options: RequestOptions) => Promise<T>) => Promise<T>;

interface Watch {
  listener: ResourceListener;
  onError: ((error: McpUseError) => void) | undefined;
}

interface Watched {
  watches: Set<Watch>;
  /** A re-read is in flight; `again` asks for one more after it (an update came meanwhile). */
  reading: boolean;
  again: boolean;
}

/**
 * A connection's resource watches (MCP `resources/subscribe`, `notifications/resources/updated`): each watched
 * URI is subscribed once, whatever the number of watches on it, and read again on every update. On each new
 * link (first ready, every reconnect) every URI is subscribed again and read, since updates may have been missed
 * meanwhile. The last watch of a URI to stop unsubscribes it.
 */
export class ResourceWatches {
  readonly #run: RunRequest;
  readonly #uris = new Map<string, Watched>();
  #client: Client | undefined;
  #stopListening: (() => void) | undefined;

  constructor(run: RunRequest) {
    this.#run = run;
  }

  /** The connection is ready on a new client. */
  attach(client: Client): void {
    if (client === this.#client) return;
    this.detach();
    this.#client = client;
    this.#stopListening = onNotification(client, 'notifications/resources/updated', ({ uri }) =>
      this.#read(uri),
    );
    for (const uri of this.#uris.keys()) this.#subscribe(uri);
  }

  /** The connection left `ready`: the client and its subscriptions are gone. */
  detach(): void {
    this.#stopListening?.();
    this.#stopListening = undefined;
    this.#client = undefined;
  }

  /** Adds a watch; the returned function stops it (and unsubscribes when it was the URI's last). */
  add(uri: string, listener: ResourceListener, options: WatchResourceOptions = {}): () => Promise<void> {
    const watch: Watch = { listener, onError: options.onError };
    let watched = this.#uris.get(uri);
    if (watched) {
      watched.watches.add(watch);
      if (this.#client) this.#readFor(uri, watch);
    } else {
      watched = { watches: new Set([watch]), reading: false, again: false };
      this.#uris.set(uri, watched);
      if (this.#client) this.#subscribe(uri);
    }
    const own = watched;
    let stopped = false;
    return async () => {
      if (stopped) return;
      stopped = true;
      own.watches.delete(watch);
      if (own.watches.size > 0 || this.#uris.get(uri) !== own) return;
      this.#uris.delete(uri);
      if (this.#client) await this.#run((c, o) => c.unsubscribeResource({ uri }, o)).catch(() => undefined);
    };
  }

  #subscribe(uri: string): void {
    const watched = this.#uris.get(uri);
    // A URI unwatched and watched again meanwhile (React StrictMode's double effect) has a subscribe of its own.
    const current = () => watched !== undefined && this.#uris.get(uri) === watched;
    this.#run((c, o) => c.subscribeResource({ uri }, o)).then(
      () => current() && this.#read(uri),
      (error: McpUseError) => current() && this.#failed(uri, error),
    );
  }

  /** Reads `uri` for all its watches; updates that come during a read are folded into one more read. */
  #read(uri: string): void {
    const watched = this.#uris.get(uri);
    if (!watched || !this.#client) return;
    if (watched.reading) {
      watched.again = true;
      return;
    }
    watched.reading = true;
    watched.again = false;
    // Past the SDK's response cache: the server just said this resource changed.
    this.#run((c, o) => c.readResource({ uri }, { ...o, cacheMode: 'refresh' }))
      .then(
        (result) => {
          for (const watch of [...watched.watches]) watch.listener(result);
        },
        (error: McpUseError) => this.#failed(uri, error),
      )
      .finally(() => {
        watched.reading = false;
        if (watched.again) this.#read(uri);
      });
  }

  /** A watch added to a URI already watched gets the resource as it is now, without waiting for an update. */
  #readFor(uri: string, watch: Watch): void {
    this.#run((c, o) => c.readResource({ uri }, o)).then(
      (result) => {
        if (this.#uris.get(uri)?.watches.has(watch)) watch.listener(result);
      },
      (error: McpUseError) => watch.onError?.(error),
    );
  }

  #failed(uri: string, error: McpUseError): void {
    for (const watch of [...(this.#uris.get(uri)?.watches ?? [])]) watch.onError?.(error);
  }
}
