// Stateful Streamable HTTP (the 2025 era) keeps one server instance and one transport per Mcp-Session-Id. Both
// SDK generations' transports take the same options for it, so the v1 servers (v1Sessions.mjs) and the v2
// server's legacy leg keep their sessions in this one table.
import { randomUUID } from 'node:crypto';

export function createSessionTable() {
  const sessions = new Map();
  return {
    get: (id) => sessions.get(id),
    instances: () => [...sessions.values()].map(({ server }) => server),
    /** Connects `server` to a new `Transport` that joins the table once initialized and leaves it on close. */
    async open(server, Transport) {
      const transport = new Transport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (id) => {
          sessions.set(id, { server, transport });
        },
      });
      // Set before connect(): the SDK chains its own onclose after this one.
      transport.onclose = () => {
        if (transport.sessionId) sessions.delete(transport.sessionId);
      };
      await server.connect(transport);
      return transport;
    },
  };
}
