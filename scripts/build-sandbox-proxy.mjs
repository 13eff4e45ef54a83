// Builds the sandbox proxy page an app serves on a separate origin for <McpApp> (SEP-1865 "Sandbox proxy"): one
// self-contained HTML file, its script (src/apps/sandbox/proxy.ts) bundled and inlined, nothing fetched.
//
//   node scripts/build-sandbox-proxy.mjs    writes dist/sandbox-proxy.html (`npm run build` runs it)
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const ENTRY = fileURLToPath(new URL('../src/apps/sandbox/proxy.ts', import.meta.url));
const OUT_DIR = fileURLToPath(new URL('../dist/', import.meta.url));

/** The page as a string. */
export async function buildSandboxProxyHtml() {
  const result = await esbuild.build({
    entryPoints: [ENTRY],
    bundle: true,
    minify: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  const script = result.outputFiles[0].text.trim();
  // An inline script ends at the first `</script`, whatever the JavaScript around it means.
  if (/<\/script/i.test(script)) throw new Error('the sandbox proxy script contains "</script"');
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="referrer" content="no-referrer">',
    '<title>MCP App sandbox</title>',
    '<style>html,body{margin:0;height:100%;overflow:hidden}iframe{display:block;width:100%;height:100%;border:0}</style>',
    '</head>',
    '<body>',
    `<script>${script}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  mkdirSync(OUT_DIR, { recursive: true });
  writeFileSync(`${OUT_DIR}sandbox-proxy.html`, await buildSandboxProxyHtml());
}
