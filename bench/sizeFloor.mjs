// What the MCP SDK forces on `useMcp`'s first chunk: the SDK's pieces bundled alone, in the same way as
// bench/size.mjs bundles the entries (esbuild and Vite 8, browser, minified, gzip 9), so each line's cost is the
// difference between two bundles. A stand-in replaces a module where the SDK gives no way to leave it out.
//
//   node bench/sizeFloor.mjs     print the table
import { fileURLToPath } from 'node:url';
import { bundleWithEsbuild, bundleWithVite, gzip } from './size.mjs';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));
const KB = 1024;
const SDK = '@modelcontextprotocol/client';

const client = `new Client({ name: 'app', version: '1' })`;
const sdk = (names, uses) => `import { ${names} } from '${SDK}';\nexport const use = (url) => [${uses}];`;

/** The bundles, each one thing more than another (`base`), so that the difference is that thing's cost. */
const STEPS = [
  {
    id: 'client',
    what: '`Client` alone (protocol, the spec schemas in zod, the result cache)',
    code: sdk('Client', client),
  },
  {
    id: 'clientNoValidator',
    what: '`Client` with its default JSON Schema validator replaced by a stand-in',
    code: sdk('Client', client),
    stubs: {
      [`${SDK}/_shims`]:
        'export const CORS_IS_POSSIBLE = true;\n' +
        'export class DefaultJsonSchemaValidator { getValidator() { return () => ({ valid: true }); } }',
    },
  },
  {
    id: 'clientAuth',
    what: "`Client` + the SDK's OAuth flow (`auth()`)",
    code: sdk('Client, auth', `${client}, auth`),
  },
  {
    id: 'http',
    what: '`Client` + `StreamableHTTPClientTransport`',
    code: sdk('Client, StreamableHTTPClientTransport', `${client}, new StreamableHTTPClientTransport(url)`),
  },
  {
    id: 'httpSse',
    what: '… + `SSEClientTransport` (the HTTP+SSE fallback, `eventsource`)',
    code: sdk(
      'Client, StreamableHTTPClientTransport, SSEClientTransport',
      `${client}, new StreamableHTTPClientTransport(url), new SSEClientTransport(url)`,
    ),
  },
  {
    id: 'httpSseOnDemand',
    what: "… with `SSEClientTransport` behind an `import()` of a module of the app's own",
    code: [
      `import { Client, StreamableHTTPClientTransport } from '${SDK}';`,
      `export const use = async (url) => [${client}, new StreamableHTTPClientTransport(url),`,
      `  new (await import('sse-on-demand')).SSEClientTransport(url)];`,
    ].join('\n'),
    stubs: { 'sse-on-demand': `export { SSEClientTransport } from '${SDK}';` },
  },
  {
    id: 'useMcp',
    what: '`useMcp` (this package: the SDK as above + the connection, the hook, the OAuth seam)',
    code: `export { useMcp } from ${JSON.stringify(`${SRC}react.ts`)};`,
  },
];

/** The costs read off the bundles: [what, bigger bundle, smaller bundle]. */
const COSTS = [
  ['the SDK `Client`, whatever a page uses of it', 'client', undefined],
  [
    '… of which its default JSON Schema validator (`@cfworker/json-schema`, built into the SDK)',
    'client',
    'clientNoValidator',
  ],
  [
    "the SDK's OAuth flow, kept because the HTTP transport calls it for an `OAuthClientProvider`",
    'clientAuth',
    'client',
  ],
  ['the Streamable HTTP transport besides that flow', 'http', 'clientAuth'],
  ['the HTTP+SSE fallback (`SSEClientTransport`, `eventsource`)', 'httpSse', 'http'],
  ['the same, loaded on demand', 'httpSseOnDemand', 'http'],
  [
    'this package on top of the SDK (connection, hook, OAuth seam; the OAuth engine loads on demand)',
    'useMcp',
    'httpSse',
  ],
];

export async function measureSdkFloor() {
  const bundles = {};
  for (const step of STEPS) {
    const entry = { name: step.id, platform: 'browser', code: step.code, stubs: step.stubs };
    const esbuild = await bundleWithEsbuild(entry);
    const vite = await bundleWithVite(entry);
    const zod = esbuild.initialModules
      .filter((part) => part.module.startsWith('zod/'))
      .reduce((sum, part) => sum + part.minBytes, 0);
    bundles[step.id] = {
      what: step.what,
      minBytes: esbuild.code.length,
      gzipBytes: gzip(esbuild.code),
      viteGzipBytes: gzip(vite),
      zodMinBytes: zod,
    };
  }
  return { bundles, costs: COSTS };
}

const kb = (bytes) => `${(bytes / KB).toFixed(1)} KB`;
const signed = (bytes) => `${bytes < 0 ? '−' : ''}${kb(Math.abs(bytes))}`;

export function formatSdkFloor({ bundles, costs }) {
  const lines = [
    '### What the SDK forces (bench/sizeFloor.mjs)',
    '',
    "The SDK's pieces bundled alone, as above (esbuild and Vite 8, browser, first chunk, min+gzip). A cost is the",
    'difference between two bundles.',
    '',
    '| bundle | min (esbuild) | min+gzip (esbuild) | min+gzip (vite 8) | of it zod (min) |',
    '|---|---:|---:|---:|---:|',
  ];
  for (const bundle of Object.values(bundles)) {
    lines.push(
      `| ${bundle.what} | ${kb(bundle.minBytes)} | ${kb(bundle.gzipBytes)} | ${kb(bundle.viteGzipBytes)} | ` +
        `${kb(bundle.zodMinBytes)} |`,
    );
  }
  lines.push('', '| cost | min+gzip (esbuild) | min+gzip (vite 8) |', '|---|---:|---:|');
  for (const [what, bigger, smaller] of costs) {
    const a = bundles[bigger];
    const b = smaller ? bundles[smaller] : { gzipBytes: 0, viteGzipBytes: 0 };
    lines.push(
      `| ${what} | ${signed(a.gzipBytes - b.gzipBytes)} | ${signed(a.viteGzipBytes - b.viteGzipBytes)} |`,
    );
  }
  return lines.join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(formatSdkFloor(await measureSdkFloor()));
}
