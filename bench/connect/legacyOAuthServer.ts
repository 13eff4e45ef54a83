// Starts bench/servers/legacy-oauth-mcp-server.mjs the way tests/support starts the test servers: this Node
// binary directly on the file, so the PID held is the server's own and stop() signals exactly that process.
import { fileURLToPath } from 'node:url';
import { killChild, spawnListening } from '../../tests/support/childProcesses.ts';

export interface RunningLegacyOAuthServer {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

export async function startLegacyOAuthServer(issuer: string): Promise<RunningLegacyOAuthServer> {
  const file = fileURLToPath(new URL('../servers/legacy-oauth-mcp-server.mjs', import.meta.url));
  const { child, port } = await spawnListening(
    file,
    ['--port', '0', '--issuer', issuer],
    'legacy OAuth MCP server',
  );
  return { url: `http://127.0.0.1:${port}/mcp`, pid: child.pid ?? -1, stop: () => killChild(child) };
}
