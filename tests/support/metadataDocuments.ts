// Client ID Metadata Documents (draft-ietf-oauth-client-id-metadata-document) published on 127.0.0.1, as an app
// publishes its own: each document's URL is its client id, and lists the redirect URIs that client uses.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface MetadataDocuments {
  /** Publishes a document listing `redirectUris`; resolves with its URL (the client id). */
  publish(name: string, redirectUris: string[]): string;
  close(): Promise<void>;
}

export async function startMetadataDocuments(): Promise<MetadataDocuments> {
  const documents = new Map<string, unknown>();
  const server = createServer((req, res) => {
    const document = documents.get(req.url ?? '');
    if (!document) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(document));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    publish(name, redirectUris) {
      const path = `/${encodeURIComponent(name)}/client-metadata.json`;
      const clientId = `${origin}${path}`;
      documents.set(path, { client_id: clientId, client_name: name, redirect_uris: redirectUris });
      return clientId;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
