// What the v1 and v2 MCP test servers share around their transports: the flags (--port, --bearer, --empty),
// instances built from the shared fixtures, tools added at runtime through /__control/add-tool, the base
// express app, and the live instances closed on shutdown. Each server file only mounts its transport.
import { createBaseApp, createStats, parseServerArgs } from './common.mjs';
import { buildServer, registerExtraTool, TOOL_NAMES } from './fixtures.mjs';
import { listen, runServer } from './serverProcess.mjs';

/**
 * Runs one MCP test server process.
 * - `sdk`: `{ generation: 'v1' | 'v2', McpServer, ResourceTemplate }`, the SDK the instances are built from;
 * - `bearerGate(token)`: the SDK's own bearer middleware, used when --bearer is given;
 * - `mount(app, newServer)`: adds the transport routes and returns `{ instances(), onToolAdded?(name),
 *   close?() }`: the instances connected right now, what else must hear of a new tool, what else to close.
 */
export function runMcpTestServer({ name, sdk, mcpPaths, bearerGate, mount }) {
  runServer(async () => {
    const options = parseServerArgs();
    /** Replayed into every new instance, so new sessions (and modern per-request instances) see them too. */
    const extraTools = new Set();
    const builtIn = options.empty ? [] : TOOL_NAMES;
    const newServer = () => buildServer({ ...sdk, name, empty: options.empty, extraTools });
    let transport;

    const onAddTool = (toolName) => {
      if (extraTools.has(toolName) || builtIn.includes(toolName)) return false;
      extraTools.add(toolName);
      // Registering on a connected instance makes the SDK send tools/list_changed to its client by itself.
      for (const server of transport.instances()) registerExtraTool(server, toolName);
      transport.onToolAdded?.(toolName);
      return true;
    };

    const app = createBaseApp({
      mcpPaths,
      stats: createStats(),
      onAddTool,
      authenticate: options.bearer ? bearerGate(options.bearer) : undefined,
    });
    transport = mount(app, newServer);
    await listen(app, options.port, {
      onShutdown: async () => {
        await Promise.allSettled([transport.close?.(), ...transport.instances().map((s) => s.close())]);
      },
    });
  });
}
