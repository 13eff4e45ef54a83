import { type Client, type StandardSchemaV1, specTypeSchemas } from '@modelcontextprotocol/client';

/**
 * The notifications listened to, with their params schemas. Through the schema overload of
 * `setNotificationHandler` because the SDK's typed method list leaves out the task vocabulary (2025-11-25).
 */
const SCHEMAS = {
  'notifications/tasks/status': specTypeSchemas.TaskStatusNotificationParams,
  'notifications/resources/updated': specTypeSchemas.ResourceUpdatedNotificationParams,
  'notifications/elicitation/complete': specTypeSchemas.ElicitationCompleteNotificationParams,
};

type Method = keyof typeof SCHEMAS;
type Params<M extends Method> = StandardSchemaV1.InferOutput<(typeof SCHEMAS)[M]>;
type Listener = (params: never) => void;

const hubs = new WeakMap<Client, Map<Method, Set<Listener>>>();

/**
 * The SDK keeps one handler per notification method; several listeners (each followed task, each watched
 * resource, each URL elicitation) share it here. The handler is installed on a client the first time anyone
 * listens, and lives as long as that client. Returns the listener's removal.
 */
export function onNotification<M extends Method>(
  client: Client,
  method: M,
  listener: (params: Params<M>) => void,
): () => void {
  const methods = hubs.get(client) ?? new Map<Method, Set<Listener>>();
  hubs.set(client, methods);
  let listeners = methods.get(method);
  if (!listeners) {
    const all = new Set<Listener>();
    listeners = all;
    methods.set(method, all);
    client.setNotificationHandler(method, { params: SCHEMAS[method] }, (params) => {
      for (const each of [...all]) (each as (params: unknown) => void)(params);
    });
  }
  listeners.add(listener as Listener);
  const own = listeners;
  return () => {
    own.delete(listener as Listener);
  };
}

/** Settles when the server reports URL elicitation `elicitationId` finished; never rejects, may never settle. */
export function elicitationCompleted(client: Client, elicitationId: string): Promise<void> {
  return new Promise((resolve) => {
    const stop = onNotification(client, 'notifications/elicitation/complete', (params) => {
      if (params.elicitationId !== elicitationId) return;
      stop();
      resolve();
    });
  });
}
