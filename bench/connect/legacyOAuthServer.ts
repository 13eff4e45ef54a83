// Starts bench/servers/legacy-oauth-mcp-server.mjs the way tests/support starts the test servers: this Node
// binary directly on the file, so the PID held is the server's own and stop() signals exactly that process.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const STARTUP_TIMEOUT_MS = 15_000;
const STOP_GRACE_MS = 5_000;
const KILL_WAIT_MS = 2_000;

export interface RunningLegacyOAuthServer {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

const exited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

function waitForExit(child: ChildProcess, ms: number): Promise<void> {
  if (exited(child)) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (exited(child)) return;
  child.kill('SIGTERM');
  await waitForExit(child, STOP_GRACE_MS);
  if (exited(child)) return;
  child.kill('SIGKILL');
  await waitForExit(child, KILL_WAIT_MS);
}

export function startLegacyOAuthServer(issuer: string): Promise<RunningLegacyOAuthServer> {
  const file = fileURLToPath(new URL('../servers/legacy-oauth-mcp-server.mjs', import.meta.url));
  const child = spawn(process.execPath, [file, '--port', '0', '--issuer', issuer], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-8_000);
  });
  return new Promise((resolve, reject) => {
    let stdout = '';
    const fail = (reason: string) => {
      clearTimeout(timer);
      void stopChild(child);
      reject(new Error(`legacy OAuth MCP server ${reason}${stderr ? `\n${stderr.trim()}` : ''}`));
    };
    const timer = setTimeout(
      () => fail(`did not listen within ${STARTUP_TIMEOUT_MS} ms`),
      STARTUP_TIMEOUT_MS,
    );
    child.once('exit', (code) => setImmediate(() => fail(`exited early (code ${code})`)));
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      stdout += chunk;
      const match = /^LISTENING (\d+)$/m.exec(stdout);
      if (!match) return;
      clearTimeout(timer);
      child.stdout?.removeAllListeners('data');
      child.stdout?.resume(); // keep draining so the child never blocks on a full pipe
      child.removeAllListeners('exit');
      resolve({
        url: `http://127.0.0.1:${match[1]}/mcp`,
        pid: child.pid ?? -1,
        stop: () => stopChild(child),
      });
    });
  });
}
