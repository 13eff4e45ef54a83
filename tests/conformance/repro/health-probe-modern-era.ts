// Against a 2026-07-28 server the health check pings, but `ping` does not exist in that era: the SDK refuses it
// locally (SdkError MethodNotSupportedByProtocolVersion) and the connection takes that for a dead server, drops a
// healthy connection and reconnects (or fails with autoReconnect off) — every healthCheckIntervalMs, 30 s by
// default, and at once whenever the transport reports any error.
import { spawn } from 'node:child_process';
import { Connection } from '../../../src/core/Connection';
import { verdict } from './support';

const server = spawn(process.execPath, ['tests/servers/v2-server.mjs', '--port', '0'], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
const port = await new Promise<number>((resolve) =>
  server.stdout?.on('data', (chunk) => {
    const match = /LISTENING (\d+)/.exec(String(chunk));
    if (match) resolve(Number(match[1]));
  }),
);
const connection = new Connection({
  url: `http://127.0.0.1:${port}/mcp`,
  healthCheckIntervalMs: 200,
  autoReconnect: false,
});
connection.connect();
// Ready first (bounded), then a second of 200 ms health checks.
for (let waited = 0; connection.getSnapshot().state !== 'ready' && waited < 10_000; waited += 50) {
  await new Promise((resolve) => setTimeout(resolve, 50));
}
const readyEra = connection.getSnapshot().era;
await new Promise((resolve) => setTimeout(resolve, 1_000));
const { state, error } = connection.getSnapshot();
await connection.disconnect();
server.kill();
verdict(
  state === 'ready',
  `era ${readyEra}, state after 1 s of 200 ms health checks: ${state}${error ? ` (${error.message})` : ''}`,
);
