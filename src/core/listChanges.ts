import type { Client } from '@modelcontextprotocol/client';
import type { ListName, ServerLists } from './serverLists';

/** The SDK's own default: a burst of notifications costs one re-list. */
const DEBOUNCE_MS = 300;

const NOTIFICATIONS = {
  tools: { method: 'notifications/tools/list_changed', filter: 'toolsListChanged' },
  prompts: { method: 'notifications/prompts/list_changed', filter: 'promptsListChanged' },
  resources: { method: 'notifications/resources/list_changed', filter: 'resourcesListChanged' },
} as const;

type Followed = keyof typeof NOTIFICATIONS;

const RELIST: { [K in Followed]: (client: Client) => Promise<unknown[]> } = {
  tools: (c) => c.listTools(undefined, { cacheMode: 'refresh' }).then((r) => r.tools),
  prompts: (c) => c.listPrompts(undefined, { cacheMode: 'refresh' }).then((r) => r.prompts),
  resources: (c) => c.listResources(undefined, { cacheMode: 'refresh' }).then((r) => r.resources),
};

export interface FollowOptions {
  /** How long the server has to acknowledge a 2026-07-28 subscription. */
  timeoutMs: number;
  /** The subscription could not be opened: the connection works, without updates. */
  onListenFailed: (error: Error) => void;
  /** The server ended an open subscription (it shut down, or dropped it). */
  onEnded: (reason: string) => void;
}

/**
 * Keeps the lists current once connected: re-lists on the list-changed notifications of the lists the server says
 * change, and on a 2026-07-28 connection opens the `subscriptions/listen` stream they come on. The SDK would open
 * it inside `connect()` and wait for the acknowledgement there, one round trip before the lists can be asked for;
 * opened here, it goes out beside the lists and no one waits for it. A change between the lists' answers and the
 * acknowledgement goes unnoticed until the next one: the price of a round trip less on every connect.
 * Handlers are the same in both eras: the SDK dispatches the stream's notifications to them (2025 servers send
 * them unsolicited on the standalone stream).
 */
export function followListChanges(
  client: Client,
  handlers: ListChangeHandlers,
  options: FollowOptions,
): void {
  const capabilities = client.getServerCapabilities() ?? {};
  const followed = (Object.keys(NOTIFICATIONS) as Followed[]).filter(
    (name) => capabilities[name]?.listChanged === true,
  );
  for (const name of followed) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const relist = () => {
      timer = undefined;
      RELIST[name](client).then(
        (items) => handlers[name](null, items as never),
        (error: unknown) => handlers[name](error instanceof Error ? error : new Error(String(error)), null),
      );
    };
    client.setNotificationHandler(NOTIFICATIONS[name].method, () => {
      if (timer !== undefined) clearTimeout(timer);
      timer = setTimeout(relist, DEBOUNCE_MS);
    });
  }
  if (followed.length === 0 || client.getProtocolEra() !== 'modern') return;
  const filter = Object.fromEntries(followed.map((name) => [NOTIFICATIONS[name].filter, true]));
  client.listen(filter, { timeout: options.timeoutMs }).then(
    (subscription) =>
      subscription.closed.then((reason) => {
        if (reason !== 'local') options.onEnded(String(reason));
      }),
    (error: unknown) => options.onListenFailed(error instanceof Error ? error : new Error(String(error))),
  );
}

export interface ListChangeSink {
  apply(patch: Partial<ServerLists>): void;
  onError(list: string, error: Error): void;
  /** The client the notifications came to (templates are re-fetched through it). */
  client(): Client | undefined;
}

type Changed<K extends ListName> = (error: Error | null, items: ServerLists[K] | null) => void;

/** What to do with a list re-fetched after a list-changed notification (listChanges.ts), per list. */
export interface ListChangeHandlers {
  tools: Changed<'tools'>;
  prompts: Changed<'prompts'>;
  resources: Changed<'resources'>;
}

/**
 * Fresh lists go into the snapshot. Templates travel with resources but have no notification of their own, so
 * they are re-fetched then.
 */
export function listChangedHandlers(sink: ListChangeSink): ListChangeHandlers {
  const handler =
    <K extends 'tools' | 'prompts' | 'resources'>(name: K, after?: () => void): Changed<K> =>
    (error, items) => {
      if (error) return sink.onError(name, error);
      sink.apply({ [name]: items ?? [] });
      after?.();
    };
  const refetchTemplates = () => {
    sink
      .client()
      ?.listResourceTemplates({}, { cacheMode: 'refresh' })
      .then((r) => sink.apply({ resourceTemplates: r.resourceTemplates }))
      .catch((error: Error) => sink.onError('resource templates', error));
  };
  return {
    tools: handler('tools'),
    prompts: handler('prompts'),
    resources: handler('resources', refetchTemplates),
  };
}
