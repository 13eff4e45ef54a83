// The tools, resources and prompts every test server exposes. Both SDK generations share the same
// `McpServer.registerTool/registerResource/registerPrompt` shape, so the caller passes in its own SDK's classes
// and the fixtures stay identical across the v1 and v2 servers.
import { z } from 'zod';

/** Longest a `slow` call may wait, so a test can never park a server for minutes. */
const SLOW_CAP_MS = 30_000;

/** Names of the built-in tools, so a runtime addition cannot collide with one. */
export const TOOL_NAMES = ['echo', 'add', 'send_email', 'fail', 'slow'];

const text = (value) => ({ content: [{ type: 'text', text: value }] });

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** `echo {text}` and `add {a, b}`, the two tools every fixture server has (the stdio one included). */
export function registerEchoAndAdd(server) {
  server.registerTool(
    'echo',
    { description: 'Returns its text argument', inputSchema: z.object({ text: z.string() }) },
    async ({ text: value }) => text(value),
  );
  server.registerTool(
    'add',
    { description: 'Adds two numbers', inputSchema: z.object({ a: z.number(), b: z.number() }) },
    async ({ a, b }) => text(String(a + b)),
  );
}

function registerTools(server) {
  registerEchoAndAdd(server);
  server.registerTool(
    'send_email',
    {
      description: 'Pretends to send an email',
      inputSchema: z.object({ to: z.string(), subject: z.string().optional(), body: z.string().optional() }),
    },
    async ({ to }) => text(`sent to ${to}`),
  );
  server.registerTool('fail', { description: 'Always reports a tool error' }, async () => ({
    ...text('this tool always fails'),
    isError: true,
  }));
  server.registerTool(
    'slow',
    { description: 'Waits ms milliseconds, then answers done', inputSchema: z.object({ ms: z.number() }) },
    async ({ ms }) => {
      await sleep(Math.min(Math.max(0, ms), SLOW_CAP_MS));
      return text('done');
    },
  );
}

function registerResources(server, ResourceTemplate) {
  server.registerResource('greeting', 'test://greeting', { mimeType: 'text/plain' }, async (uri) => ({
    contents: [{ uri: uri.href, mimeType: 'text/plain', text: 'hello' }],
  }));
  server.registerResource(
    'item',
    new ResourceTemplate('test://items/{id}', { list: undefined }),
    { mimeType: 'text/plain' },
    async (uri, variables) => ({
      contents: [{ uri: uri.href, mimeType: 'text/plain', text: `item ${variables.id}` }],
    }),
  );
}

/** v1's registerPrompt only takes a raw shape; v2 deprecates the raw shape in favour of `z.object`. */
function registerPrompts(server, generation) {
  const shape = { name: z.string() };
  server.registerPrompt(
    'greet',
    { description: 'Greets someone by name', argsSchema: generation === 'v1' ? shape : z.object(shape) },
    async ({ name }) => ({
      messages: [{ role: 'user', content: { type: 'text', text: `Hello, ${name}!` } }],
    }),
  );
}

/**
 * Registers a tool added at runtime through `/__control/add-tool`. On a connected instance the SDK sends
 * `notifications/tools/list_changed` by itself; an instance that started without any tool cannot gain the
 * tools capability after connecting, so that case reports false instead of throwing.
 */
export function registerExtraTool(server, name) {
  try {
    server.registerTool(name, { description: 'Added at runtime' }, async () => text('added'));
    return true;
  } catch {
    return false;
  }
}

/**
 * Builds one server instance from the given SDK generation's classes (`generation`: 'v1' | 'v2'). `empty`
 * registers nothing, so the instance advertises no tools/resources/prompts capability at all; `extraTools`
 * replays the tools added at runtime so new instances (new sessions, or each modern per-request instance) see
 * them too.
 */
export function buildServer({ generation, McpServer, ResourceTemplate, name, empty, extraTools }) {
  const server = new McpServer({ name, version: '1.0.0' });
  if (!empty) {
    registerTools(server);
    registerResources(server, ResourceTemplate);
    registerPrompts(server, generation);
  }
  for (const toolName of extraTools) registerExtraTool(server, toolName);
  return server;
}
