// Starts and stops the real MCP test servers in tests/servers as child processes (see childProcesses.ts).
import { fileURLToPath } from 'node:url';
import { killChild, type Spawned, StartError, spawnListening } from './childProcesses.ts';
import { controlRequest } from './controlEndpoint.ts';

export type ServerKind = 'v2' | 'v1-legacy' | 'v1-sse';

export interface StartServerOptions {
  kind: ServerKind;
  bearer?: string;
  empty?: boolean;
  /** 0 or absent: any free port. */
  port?: number;
}

export interface ServerStats {
  /** HTTP requests to the MCP paths, refused ones included (CORS preflights are not counted). */
  requests: number;
  /** JSON-RPC methods seen in POST bodies (batch-aware); stream opens by GET count as "GET". */
  methods: Record<string, number>;
  /** Long-lived streams open right now (legacy GET/SSE streams, modern subscriptions/listen). */
  openStreams: number;
}

export interface RunningServer {
  readonly kind: ServerKind;
  /** Full MCP URL: http://127.0.0.1:<port>/mcp, or …/sse for the SSE server. */
  readonly url: string;
  readonly port: number;
  /** PID of the current process; changes after restart(). */
  readonly pid: number;
  /** SIGTERM, wait for exit (bounded), then SIGKILL. Safe to call twice. */
  stop(): Promise<void>;
  /** Stops if running, then starts again on the same port with the same options. */
  restart(): Promise<void>;
  stats(): Promise<ServerStats>;
  /** Zeroes `requests` and `methods`; `openStreams` is a gauge and keeps counting the streams still open. */
  resetStats(): Promise<void>;
  /** Registers a tool at runtime; connected clients get a tools list-changed notification. */
  addTool(name: string): Promise<void>;
}

const SERVER_FILES: Record<ServerKind, string> = {
  v2: 'v2-server.mjs',
  'v1-legacy': 'v1-legacy-server.mjs',
  'v1-sse': 'v1-sse-server.mjs',
};
const MCP_PATHS: Record<ServerKind, string> = { v2: '/mcp', 'v1-legacy': '/mcp', 'v1-sse': '/sse' };

/** A restart can race the release of the old socket: retry a bounded number of times while the port is busy. */
const RESTART_ATTEMPTS = 20;
const RESTART_RETRY_DELAY_MS = 250;

/** Every server handed out by startServer(), for stopAllServers(). */
const started = new Set<RunningServer>();

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function serverFile(kind: ServerKind): string {
  return fileURLToPath(new URL(`../servers/${SERVER_FILES[kind]}`, import.meta.url));
}

function serverArgs(options: StartServerOptions, port: number): string[] {
  const args = ['--port', String(port)];
  if (options.bearer) args.push('--bearer', options.bearer);
  if (options.empty) args.push('--empty');
  return args;
}

/** Spawns one server and waits for its `LISTENING <port>` line. */
function spawnServer(options: StartServerOptions, port: number): Promise<Spawned> {
  return spawnListening(serverFile(options.kind), serverArgs(options, port), `${options.kind} server`);
}

class ManagedServer implements RunningServer {
  constructor(
    private readonly options: StartServerOptions,
    private spawned: Spawned,
  ) {}

  get kind(): ServerKind {
    return this.options.kind;
  }
  get port(): number {
    return this.spawned.port;
  }
  get pid(): number {
    return this.spawned.child.pid ?? -1;
  }
  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }
  get url(): string {
    return `${this.origin}${MCP_PATHS[this.kind]}`;
  }

  stop(): Promise<void> {
    return killChild(this.spawned.child);
  }

  async restart(): Promise<void> {
    await this.stop();
    started.add(this); // tracked again even if stopAllServers() already ran
    let lastError: unknown;
    for (let attempt = 1; attempt <= RESTART_ATTEMPTS; attempt += 1) {
      try {
        this.spawned = await spawnServer(this.options, this.port);
        return;
      } catch (error) {
        if (!(error instanceof StartError && error.portInUse)) throw error;
        lastError = error;
        await sleep(RESTART_RETRY_DELAY_MS);
      }
    }
    throw lastError;
  }

  async stats(): Promise<ServerStats> {
    return (await (await controlRequest(this.origin, 'stats')).json()) as ServerStats;
  }

  async resetStats(): Promise<void> {
    await controlRequest(this.origin, 'reset-stats', { method: 'POST' });
  }

  async addTool(name: string): Promise<void> {
    await controlRequest(this.origin, 'add-tool', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name }),
    });
  }
}

/** Starts a server and resolves once it listens. Every server started here is stopped by stopAllServers(). */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const server = new ManagedServer(options, await spawnServer(options, options.port ?? 0));
  started.add(server);
  return server;
}

/** Stops every server this process started (restarted ones included). */
export async function stopAllServers(): Promise<void> {
  const servers = [...started];
  started.clear();
  await Promise.all(servers.map((server) => server.stop()));
}
