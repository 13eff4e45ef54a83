// The command the suite runs for the browser client: `node browser-client.mjs <server url>`. The browser itself
// is kept by the runner's driver (lib/browserDriver.mjs, address in MCP_USE_CONFORMANCE_DRIVER); this asks it to
// play the scenario in Chromium, prints what the page logged, and exits 0 when the page finished its steps.
const serverUrl = process.argv[process.argv.length - 1];
const driver = process.env.MCP_USE_CONFORMANCE_DRIVER;
const scenario = process.env.MCP_CONFORMANCE_SCENARIO ?? '';
const context = JSON.parse(process.env.MCP_CONFORMANCE_CONTEXT ?? '{}');
/** A little above the driver's own per-scenario bound, below the suite's 30 s. */
const TIMEOUT_MS = 28_000;

if (!driver) {
  process.stderr.write('MCP_USE_CONFORMANCE_DRIVER is not set: run this through tests/conformance/run.mjs\n');
  process.exit(2);
}
try {
  const response = await fetch(`${driver}/run`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      serverUrl,
      scenario,
      context,
      clientMetadataUrl: process.env.MCP_USE_CONFORMANCE_CLIENT_METADATA_URL,
    }),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  const result = await response.json();
  for (const line of result.log ?? []) process.stderr.write(`[browser] ${line}\n`);
  process.exit(result.ok ? 0 : 1);
} catch (error) {
  process.stderr.write(`[browser-client] ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
