import type { Client } from '@modelcontextprotocol/client';
import type { Prompt, Resource, ResourceTemplate, Tool } from './types';

/** What a server offers, as the connection's snapshot carries it. */
export interface ServerLists {
  tools: Tool[];
  resources: Resource[];
  resourceTemplates: ResourceTemplate[];
  prompts: Prompt[];
}

export type ListName = keyof ServerLists;

export interface ListRequestOptions {
  signal?: AbortSignal;
  timeout: number;
  /** `refresh` skips the SDK's `ttlMs` cache: an explicit `list*()` call always asks the server. */
  cacheMode?: 'refresh';
}

interface ListSpec<K extends ListName> {
  /** The server capability that says the list exists; lists a server does not offer are empty. */
  capability: 'tools' | 'resources' | 'prompts';
  fetch(client: Client, options: ListRequestOptions): Promise<ServerLists[K]>;
}

const LISTS: { [K in ListName]: ListSpec<K> } = {
  tools: { capability: 'tools', fetch: (c, o) => c.listTools({}, o).then((r) => r.tools) },
  resources: { capability: 'resources', fetch: (c, o) => c.listResources({}, o).then((r) => r.resources) },
  resourceTemplates: {
    capability: 'resources',
    fetch: (c, o) => c.listResourceTemplates({}, o).then((r) => r.resourceTemplates),
  },
  prompts: { capability: 'prompts', fetch: (c, o) => c.listPrompts({}, o).then((r) => r.prompts) },
};

export const LIST_NAMES = Object.keys(LISTS) as ListName[];

export function fetchList<K extends ListName>(
  client: Client,
  name: K,
  options: ListRequestOptions,
): Promise<ServerLists[K]> {
  return LISTS[name].fetch(client, options);
}

/**
 * The lists asked for (all by default) that the server offers, fetched in parallel; the others are empty. A
 * server without tools is still a good server.
 */
export async function fetchServerLists(
  client: Client,
  options: ListRequestOptions,
  wanted: readonly ListName[] = LIST_NAMES,
): Promise<ServerLists> {
  const capabilities = client.getServerCapabilities() ?? {};
  const lists = await Promise.all(
    LIST_NAMES.map((name) =>
      wanted.includes(name) && capabilities[LISTS[name].capability] ? fetchList(client, name, options) : [],
    ),
  );
  return Object.fromEntries(LIST_NAMES.map((name, index) => [name, lists[index]])) as unknown as ServerLists;
}
