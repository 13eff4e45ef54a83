// Runs one of the MCP Apps example servers published by the ext-apps project (`@modelcontextprotocol/server-*`,
// installed as dev dependencies) in this process, so the PID the tests hold is the server's own. Those servers
// listen on the port in PORT with no host (every interface): the loopback preload binds them to 127.0.0.1, and
// this launcher prints `LISTENING <port>` once they listen, as the other test servers do.
//
//   node tests/servers/example-app-server.mjs [--port N] <package name, e.g. server-basic-react>
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import '../conformance/lib/loopback-preload.mjs';

const { values, positionals } = parseArgs({
  options: { port: { type: 'string', default: '0' } },
  allowPositionals: true,
  strict: true,
});
const name = positionals[0] ?? '';
if (!/^\d{1,5}$/.test(values.port)) throw new Error(`invalid --port: ${values.port}`);
if (!/^server-[a-z0-9-]+$/.test(name))
  throw new Error(`not an example server package: ${JSON.stringify(name)}`);

const listen = net.Server.prototype.listen;
let announced = false;
net.Server.prototype.listen = function announceListening(...args) {
  this.once('listening', () => {
    if (announced) return;
    announced = true;
    process.stdout.write(`LISTENING ${this.address().port}\n`);
  });
  return listen.apply(this, args);
};

process.env.PORT = values.port;
const entry = new URL(`../../node_modules/@modelcontextprotocol/${name}/dist/index.js`, import.meta.url);
await import(fileURLToPath(entry));
