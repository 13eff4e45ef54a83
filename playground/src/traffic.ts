/**
 * The request log and the server's notifications of one panel, taken from its MCP traffic: `useMcp` takes a
 * `fetch`, and this one notes each request (its JSON-RPC method, status and duration) and reads a copy of each
 * answer for the messages in it that have no `id` — the notifications (logging, progress, list and resource
 * changes). No header is kept: the request's Authorization stays out of the log.
 */
export interface RequestRecord {
  id: number;
  at: number;
  method: string;
  rpc: string;
  status?: number;
  durationMs?: number;
  error?: string;
}

export interface NotificationRecord {
  id: number;
  at: number;
  method: string;
  params: unknown;
}

export interface Traffic {
  fetch: typeof fetch;
  subscribe(listener: () => void): () => void;
  requests(): readonly RequestRecord[];
  notifications(): readonly NotificationRecord[];
  clear(): void;
}

/** How many of each are kept. */
const KEEP = 300;

interface RpcMessage {
  id?: unknown;
  method?: unknown;
  params?: unknown;
}

function rpcNames(body: unknown): string {
  if (typeof body !== 'string') return '';
  try {
    const parsed = JSON.parse(body) as RpcMessage | RpcMessage[];
    const messages = Array.isArray(parsed) ? parsed : [parsed];
    return messages
      .map((message) => (typeof message.method === 'string' ? message.method : 'response'))
      .join(', ');
  } catch {
    return '';
  }
}

export function createTraffic(): Traffic {
  let requests: RequestRecord[] = [];
  let notifications: NotificationRecord[] = [];
  const listeners = new Set<() => void>();
  let next = 0;
  const changed = () => {
    for (const listener of listeners) listener();
  };
  const note = (record: RequestRecord) => {
    requests = [...requests.filter((item) => item.id !== record.id), record].slice(-KEEP);
    changed();
  };
  const heard = (message: RpcMessage) => {
    if (message.id !== undefined || typeof message.method !== 'string') return;
    notifications = [
      ...notifications,
      { id: next++, at: Date.now(), method: message.method, params: message.params },
    ].slice(-KEEP);
    changed();
  };
  const readMessages = async (response: Response) => {
    const type = response.headers.get('content-type') ?? '';
    if (!response.body) return;
    if (type.includes('application/json')) {
      const parsed = (await response.json().catch(() => undefined)) as RpcMessage | RpcMessage[] | undefined;
      for (const message of [parsed ?? []].flat()) heard(message);
      return;
    }
    if (!type.includes('text/event-stream')) return;
    // Server-sent events: `data:` lines up to a blank line make one message.
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      buffer += value;
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        const data = buffer
          .slice(0, end)
          .split('\n')
          .filter((line) => line.startsWith('data:'))
          .map((line) => line.slice(5).trimStart())
          .join('\n');
        buffer = buffer.slice(end + 2);
        if (data) {
          try {
            heard(JSON.parse(data) as RpcMessage);
          } catch {
            // Not JSON: not a message of ours.
          }
        }
        end = buffer.indexOf('\n\n');
      }
    }
  };
  const recordingFetch: typeof fetch = async (input, init) => {
    const record: RequestRecord = {
      id: next++,
      at: Date.now(),
      method: init?.method ?? (input instanceof Request ? input.method : 'GET'),
      rpc: rpcNames(init?.body) || (init?.method === 'DELETE' ? 'session end' : 'stream'),
    };
    note(record);
    try {
      const response = await fetch(input, init);
      note({ ...record, status: response.status, durationMs: Date.now() - record.at });
      if (response.ok) void readMessages(response.clone()).catch(() => undefined);
      return response;
    } catch (error) {
      note({ ...record, error: (error as Error).message, durationMs: Date.now() - record.at });
      throw error;
    }
  };
  return {
    fetch: recordingFetch,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    requests: () => requests,
    notifications: () => notifications,
    clear() {
      requests = [];
      notifications = [];
      changed();
    },
  };
}
