import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import type { ResolvedStdioServer } from './config/resolveServer';

import type { ServerStderrListener } from './serverStderr';

export type { ServerStderrListener };

/**
 * The child process of a stdio server. Its stderr is passed through to ours by default; with `onStderr` it is
 * read line by line instead, so a caller (the CLI) can show it safely — a server's log lines are its text too.
 */
export function createStdioTransport(
  server: ResolvedStdioServer,
  env: Record<string, string>,
  onStderr: ServerStderrListener | undefined,
): StdioClientTransport {
  const transport = new StdioClientTransport({
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
