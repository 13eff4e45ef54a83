// Starts the MCP Apps test servers as child processes on free loopback ports, each stopped by its PID: our own
// apps server (tests/servers/apps-server.mjs), the example servers the ext-apps project publishes on npm (through
// tests/servers/example-app-server.mjs, which runs them in its own process), and the sandbox proxy page's server.
import { fileURLToPath } from 'node:url';
import { killChild, spawnListening } from './childProcesses.ts';

const CONTROL_TIMEOUT_MS = 5_000;

const serverFile = (file: string) => fileURLToPath(new URL(`../servers/${file}`, import.meta.url));

export interface RunningAppServer {
  /** The MCP URL (…/mcp), or the proxy page's URL for the sandbox server. */
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  stop(): Promise<void>;
}

async function start(file: string, args: string[], path: string): Promise<RunningAppServer> {
  const { child, port } = await spawnListening(serverFile(file), args, file);
  return { url: `http://127.0.0.1:${port}${path}`, port, pid: child.pid ?? -1, stop: () => killChild(child) };
}

export interface AppsServerStats {
  calls: Record<string, number>;
  reads: Record<string, number>;
  initializeCapabilities: unknown[];
  envelopeCapabilities: unknown[];
}

/** tests/servers/apps-server.mjs; `legacy` makes it refuse the 2026-07-28 probe, so clients use `initialize`. */
export const startAppsServer = (options: { legacy?: boolean } = {}) =>
  start('apps-server.mjs', ['--port', '0', ...(options.legacy ? ['--legacy'] : [])], '/mcp');

export async function appsServerStats(port: number): Promise<AppsServerStats> {
  const response = await fetch(`http://127.0.0.1:${port}/__control/stats`, {
    signal: AbortSignal.timeout(CONTROL_TIMEOUT_MS),
  });
  return (await response.json()) as AppsServerStats;
}

/** One of the `@modelcontextprotocol/server-*` example packages, e.g. `server-basic-react`. */
export const startExampleAppServer = (name: string) => start('example-app-server.mjs', [name], '/mcp');

/** The sandbox proxy page on its own 127.0.0.1 port: another origin than the test page's. */
export const startSandboxProxy = () =>
  start('sandbox-proxy-server.mjs', ['--port', '0'], '/sandbox-proxy.html');
