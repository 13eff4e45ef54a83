#!/usr/bin/env node
// The `mcp-use` bin. The status is set rather than forced with process.exit(), so output still being written
// to a pipe is not cut off; every command closes its connections and timers, so the process ends on its own.
import module from 'node:module';

// Node's compile cache (Node ≥ 22.1) keeps the compiled code of the CLI and its dependencies on disk: a second
// run skips most of the parsing. It must be on before they load, hence the import() below.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();

const { runCli } = await import('./cli/main');
process.exitCode = await runCli(process.argv.slice(2));
