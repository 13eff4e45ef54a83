import { spawn } from 'node:child_process';
import { Client, StreamableHTTPClientTransport, SSEClientTransport } from '@modelcontextprotocol/client';
const [file, mode, ...flags] = process.argv.slice(2);
const child = spawn(process.execPath, [file, '--port', '0', ...flags], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
const port = await new Promise((r) =>
  child.stdout.on('data', (d) => {
    const m = /LISTENING (\d+)/.exec(String(d));
    if (m) r(m[1]);
  }),
);
const path = file.includes('sse') ? 'sse' : 'mcp';
const url = new URL(`http://127.0.0.1:${port}/${path}`);
let fired = 0;
const client = new Client(
  { name: 't', version: '1' },
  {
    versionNegotiation: { mode },
    listChanged: {
      tools: {
        debounceMs: 0,
        onChanged: (e, t) => {
          fired++;
          console.log(
            'changed',
            e,
            t?.map((x) => x.name),
          );
        },
      },
    },
  },
);
const t0 = Date.now();
await client.connect(path === 'sse' ? new SSEClientTransport(url) : new StreamableHTTPClientTransport(url));
console.log(
  'era',
  client.getProtocolEra?.(),
  Date.now() - t0,
  'ms',
  JSON.stringify(client.getServerCapabilities()),
);
console.log((await client.listTools()).tools.map((t) => t.name));
console.log(JSON.stringify(await client.callTool({ name: 'echo', arguments: { text: 'hi' } })));
console.log(JSON.stringify(await client.callTool({ name: 'fail', arguments: {} })));
console.log(JSON.stringify(await client.readResource({ uri: 'test://items/7' })));
console.log(JSON.stringify(await client.listResourceTemplates()));
console.log(JSON.stringify(await client.getPrompt({ name: 'greet', arguments: { name: 'Bob' } })));
console.log(await (await fetch(`http://127.0.0.1:${port}/__control/stats`)).text());
console.log(
  await (
    await fetch(`http://127.0.0.1:${port}/__control/add-tool`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"name":"extra1"}',
    })
  ).text(),
);
for (let i = 0; i < 30 && !fired; i++) await new Promise((r) => setTimeout(r, 100));
console.log('fired', fired);
console.log(await (await fetch(`http://127.0.0.1:${port}/__control/stats`)).text());
await client.close();
child.kill('SIGTERM');
child.on('exit', (c, s) => console.log('exit', c, s));
