// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the config file written here holds a ${VAR} reference
// The Node samples of the API contract (reference/client-authentication.md, "Node.js Client Authentication"),
// run against real servers. Each sample is copied verbatim inside a function whose formatting biome leaves alone;
// the only edit is the server URL (a parameter pointing at a local server); `mcp-use` resolves to the sources
// (vite.config.ts). The tokens are the samples' own: the servers require them.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MCPClient } from 'mcp-use';
import { type RunningServer, startServer, stopAllServers } from '../../support/servers';
// The page's second form imports the file as a module; this one points at the local server through ${VAR}s.
import config from './mcp-config.json';

const FIXTURE_TOOLS = ['echo', 'add', 'send_email', 'fail', 'slow'];

let bearerServer: RunningServer;
let headerServer: RunningServer;
let fileServer: RunningServer;
const clients: MCPClient[] = [];

beforeAll(async () => {
  [bearerServer, headerServer, fileServer] = await Promise.all([
    startServer({ kind: 'v2', bearer: 'sk-your-api-key-here' }),
    startServer({ kind: 'v2', bearer: 'sk-your-api-key' }),
    startServer({ kind: 'v1-legacy', bearer: 'sk-from-the-environment' }),
  ]);
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.closeAllSessions()));
});

afterAll(async () => {
  await stopAllServers();
});

// biome-ignore format: the reference page's "Bearer Token Authentication" sample, verbatim but for the URL
function bearerTokenSample(serverUrl: string) {
const config = {
mcpServers: {
"my-server": {
url: serverUrl,
authToken: "sk-your-api-key-here"
}
}
}

const client = MCPClient.fromDict(config)
return client;
}

// biome-ignore format: the reference page's "Custom Headers" sample, verbatim but for the URL
function customHeadersSample(serverUrl: string) {
const config = {
  mcpServers: {
    "my-server": {
      url: serverUrl,
      headers: {
        Authorization: "Bearer sk-your-api-key",
        "X-API-Version": "2024-01-01",
        "X-Custom-Header": "value",
      },
    },
  },
};

const client = MCPClient.fromDict(config);
return client;
}

// biome-ignore format: the reference page's "Configuration File" sample (its first form), verbatim
function configurationFileSample() {
// Constructor accepts file path directly
const client = new MCPClient('./mcp-config.json')
return client;
}

// biome-ignore format: the reference page's "Configuration File" sample (its second form), verbatim
function importedConfigSample() {
// Or use fromDict with imported config
const client = MCPClient.fromDict(config)
return client;
}

describe('reference page samples', () => {
  it('Bearer Token Authentication: fromDict with authToken connects and lists the tools', async () => {
    const client = bearerTokenSample(bearerServer.url);
    clients.push(client);
    const session = await client.createSession('my-server');
    expect(session.tools.map((tool) => tool.name)).toEqual(FIXTURE_TOOLS);
    expect((await session.listTools()).map((tool) => tool.name)).toEqual(FIXTURE_TOOLS);
  });

  it('Custom Headers: fromDict with an Authorization header connects and lists the tools', async () => {
    const client = customHeadersSample(headerServer.url);
    clients.push(client);
    const session = await client.createSession('my-server');
    expect(session.tools.map((tool) => tool.name)).toEqual(FIXTURE_TOOLS);
  });

  it('Configuration File: new MCPClient(path) reads ./mcp-config.json from the working directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mcp-use-sample-'));
    const previousCwd = process.cwd();
    // The page's best practice: the file references the token, the environment holds it.
    const config = {
      mcpServers: { 'my-server': { url: fileServer.url, authToken: '${MCP_USE_SAMPLE_API_KEY}' } },
    };
    writeFileSync(join(dir, 'mcp-config.json'), JSON.stringify(config, null, 2));
    process.env.MCP_USE_SAMPLE_API_KEY = 'sk-from-the-environment';
    try {
      process.chdir(dir);
      const client = configurationFileSample();
      clients.push(client);
      process.chdir(previousCwd);
      const session = await client.createSession('my-server');
      expect(session.tools.map((tool) => tool.name)).toEqual(FIXTURE_TOOLS);
      expect(session.connection.getSnapshot().era).toBe('legacy');
    } finally {
      process.chdir(previousCwd);
      delete process.env.MCP_USE_SAMPLE_API_KEY;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('Configuration File: fromDict with an imported JSON config resolves its ${VAR}s from process.env', async () => {
    process.env.MCP_USE_SAMPLE_PORT = String(fileServer.port);
    process.env.MCP_USE_SAMPLE_API_KEY = 'sk-from-the-environment';
    try {
      const client = importedConfigSample();
      clients.push(client);
      const session = await client.createSession('my-server');
      expect(session.tools.map((tool) => tool.name)).toEqual(FIXTURE_TOOLS);
    } finally {
      delete process.env.MCP_USE_SAMPLE_PORT;
      delete process.env.MCP_USE_SAMPLE_API_KEY;
    }
  });
});
