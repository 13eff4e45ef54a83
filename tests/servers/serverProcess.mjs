// The process side every test server shares: command-line flags, listening on loopback only, the one
// `LISTENING <port>` line the harness (tests/support/childProcesses.ts) waits for, a 500 for a request that
// throws, and a bounded shutdown on SIGTERM/SIGINT. What a server answers is its own business.
import http from 'node:http';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';

const HOST = '127.0.0.1';
const SHUTDOWN_GRACE_MS = 3_000;

/** `--port N` (0 = any free port) and the server's own flags, given as node:util `parseArgs` options. */
export function parseFlags(flags = {}, argv = process.argv.slice(2)) {
  const { values } = parseArgs({
    args: argv,
    options: { port: { type: 'string', default: '0' }, ...flags },
    strict: true,
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`invalid --port: ${values.port}`);
  return { ...values, port };
}

/**
 * Listens on 127.0.0.1 and announces the bound port with exactly one `LISTENING <port>` line. `ready(origin)`
 * runs in between, for a server that needs its own URL before it can answer (an issuer, a resource
 * identifier), so nothing reaches it before it is ready. A failed listen (e.g. EADDRINUSE while a restart races
 * the old process) exits 1 with the error code on stderr, so the harness can tell it apart and retry.
 */
export async function listen(handler, port, { ready, onShutdown } = {}) {
  const server = http.createServer(answerFailuresWith500(handler));
  server.on('error', (error) => {
    process.stderr.write(`listen failed: ${error.code ?? ''} ${error.message}\n`);
    process.exit(1);
  });
  installShutdown(server, onShutdown);
  await new Promise((resolve) => server.listen(port, HOST, resolve));
  const bound = server.address().port;
  await ready?.(`http://${HOST}:${bound}`);
  process.stdout.write(`LISTENING ${bound}\n`);
  return server;
}

/** A handler that throws answers 500 `server_error`; the stack goes to stderr, which a failing test shows. */
function answerFailuresWith500(handler) {
  const label = basename(process.argv[1] ?? 'server');
  return async (req, res) => {
    try {
      await handler(req, res);
    } catch (error) {
      process.stderr.write(`${label}: request failed: ${error?.stack ?? error}\n`);
      if (res.headersSent) return void res.end();
      res
        .writeHead(500, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error: 'server_error' }));
    }
  };
}

function installShutdown(server, onShutdown) {
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    // Open SSE streams never end on their own: give the close a bounded grace period, then leave anyway.
    setTimeout(() => process.exit(0), SHUTDOWN_GRACE_MS).unref();
    try {
      await onShutdown?.();
    } catch (error) {
      process.stderr.write(`shutdown cleanup failed: ${error}\n`);
    }
    server.close(() => process.exit(0));
    server.closeAllConnections();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

/** Runs `main`, turning a startup failure into a message on stderr (which the harness reports) and exit 1. */
export function runServer(main) {
  main().catch((error) => {
    process.stderr.write(
      `${basename(process.argv[1] ?? 'server')} failed to start: ${error?.stack ?? error}\n`,
    );
    process.exit(1);
  });
}
