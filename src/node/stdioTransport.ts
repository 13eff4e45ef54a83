import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { McpUseError } from '../core/errors';
import type { ResolvedStdioServer } from './config/resolveServer';

import type { ServerStderrListener } from './serverStderr';

export type { ServerStderrListener };

/** Node's child_process reports a missing or non-executable command as an errno error from `spawn`. */
function isSpawnFailure(error: unknown): error is Error {
  const { code, syscall } = (error ?? {}) as { code?: unknown; syscall?: unknown };
  return (
    typeof syscall === 'string' && syscall.startsWith('spawn') && (code === 'ENOENT' || code === 'EACCES')
  );
}

/** The SDK's transport, whose start() says which server could not be started, as `spawn_failed`. */
class ChildProcessTransport extends StdioClientTransport {
  readonly #serverName: string;
  constructor(serverName: string, ...params: ConstructorParameters<typeof StdioClientTransport>) {
    super(...params);
    this.#serverName = serverName;
  }

  override async start(): Promise<void> {
    try {
      await super.start();
    } catch (error) {
      if (!isSpawnFailure(error)) throw error;
      throw new McpUseError('spawn_failed', `Could not start "${this.#serverName}": ${error.message}`, {
        serverName: this.#serverName,
        cause: error,
      });
    }
  }
}

/**
 * The child process of a stdio server. Its stderr is passed through to ours by default; with `onStderr` it is
 * read line by line instead, so a caller (the CLI) can show it safely — a server's log lines are its text too.
 */
export function createStdioTransport(
  server: ResolvedStdioServer,
  env: Record<string, string>,
  onStderr: ServerStderrListener | undefined,
): StdioClientTransport {
  const transport = new ChildProcessTransport(server.name, {
    command: server.command,
    args: server.args,
    env,
    ...(server.cwd !== undefined ? { cwd: server.cwd } : {}),
    stderr: onStderr ? 'pipe' : 'inherit',
  });
  const stream = transport.stderr;
  if (onStderr && stream) {
    // The SDK types it as a Stream; it is the PassThrough it pipes the child's stderr into.
    createInterface({ input: stream as Readable, crlfDelay: Number.POSITIVE_INFINITY }).on('line', (line) =>
      onStderr(line, server.name),
    );
  }
  return transport;
}
