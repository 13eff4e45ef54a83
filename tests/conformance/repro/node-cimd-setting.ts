// MCP authorization 2025-11-25: clients SHOULD use a Client ID Metadata Document when the authorization server
// supports it. NodeOAuth takes `clientMetadataUrl`, but an MCPClient server entry has no field that reaches it
// (the browser's useMcp has `clientMetadataUrl`), so a Node application always falls back to registration.
// Expected: an entry setting (e.g. `client_metadata_url`, like the other snake_case OAuth fields) is accepted.
import type { ClientLogEntry } from '../../../src/node/MCPClient';
import { MCPClient } from '../../../src/node/index';
import { verdict } from './support';

const notes: ClientLogEntry[] = [];
MCPClient.fromDict(
  {
    mcpServers: {
      server: {
        url: 'http://127.0.0.1:9/mcp',
        callback_port: 8080,
        client_metadata_url: 'https://app.example/oauth/client-metadata.json',
      },
    },
  },
  { onLog: (entry) => notes.push(entry) },
);
const ignored = notes.find((entry) => entry.message.includes('client_metadata_url'));
verdict(!ignored, ignored ? `config says: ${ignored.message}` : 'client_metadata_url accepted');
