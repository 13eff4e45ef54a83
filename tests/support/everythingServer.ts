// @modelcontextprotocol/server-everything, the protocol's reference server (nobody here wrote it), started from
// its published package as a user would start it: `node …/dist/index.js <transport>`. It listens on
// `process.env.PORT` with no host and announces no usable port, so a preload binds it to 127.0.0.1 and prints the
// `LISTENING <port>` line the harness waits for. The PID held is the server's own; it is stopped by that PID.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { killChild, spawnListening } from './childProcesses.ts';

const require = createRequire(import.meta.url);
const PACKAGE_DIR = dirname(require.resolve('@modelcontextprotocol/server-everything/package.json'));
/** The package's bin (`mcp-server-everything`). */
export const EVERYTHING_BIN = join(PACKAGE_DIR, 'dist', 'index.js');
const PRELOAD = fileURLToPath(new URL('../servers/everything-preload.mjs', import.meta.url));

export type EverythingHttpTransport = 'streamableHttp' | 'sse';

export interface RunningEverything {
  /** The MCP endpoint: http://127.0.0.1:<port>/mcp, or …/sse for the SSE transport. */
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** Starts the server in one of its HTTP modes on a free loopback port. */
export async function startEverything(transport: EverythingHttpTransport): Promise<RunningEverything> {
  const { child, port } = await spawnListening(
    EVERYTHING_BIN,
    [transport],
    `server-everything ${transport}`,
    {
      nodeArgs: ['--import', PRELOAD],
      env: { PORT: '0' },
    },
  );
  const path = transport === 'sse' ? '/sse' : '/mcp';
  return { url: `http://127.0.0.1:${port}${path}`, pid: child.pid ?? 0, stop: () => killChild(child) };
}

/** How an MCP client starts the server over stdio (the client owns that process). */
export const EVERYTHING_STDIO = { command: process.execPath, args: [EVERYTHING_BIN, 'stdio'] };
