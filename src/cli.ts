#!/usr/bin/env node
// The `mcp-use` bin. The status is set rather than forced with process.exit(), so output still being written
// to a pipe is not cut off; every command closes its connections and timers, so the process ends on its own.
import { runCli } from './cli/main';

process.exitCode = await runCli(process.argv.slice(2));
