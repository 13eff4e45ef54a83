// The CLI bench: the built `mcp-use` bin against a bearer-protected v2 test server on 127.0.0.1, with HOME in a
// temporary folder. One `connect` saves the session; then each command runs 5 times (after one warm-up run) and
// its wall time is reported as median / min / max, next to the MCP requests it made. Nothing is asserted about
// time: a command that fails or hangs stops the bench, because its number would mean nothing.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningServer, type ServerStats, startServer } from '../../tests/support/servers.ts';
import { CLI, ensureBuilt, ROOT } from './ensureBuilt';
import {
  RUN_TIMEOUT_MS,
  type RunContext,
  type TimedCommand,
  type Timing,
  timeOnce,
  timeRuns,
} from './timeCommand';

/** Measured runs per command (issue 6: "5 runs"); each command also runs once unmeasured first. */
export const CLI_RUNS = 5;
const TOKEN = 'bench-cli-token';
const SESSION = 'bench';

/** Opening a session, in either era: 2026-07-28 `server/discover`, or the 2025 `initialize` handshake. */
const HANDSHAKE = ['server/discover', 'initialize', 'notifications/initialized'];

interface BenchCommand extends TimedCommand {
  /** Why the row is there when issue 6 did not ask for it. */
  note?: string;
  /** The MCP methods the command needs; any other request it makes is flagged. Undefined: no network. */
  needs?: readonly string[];
}

export interface CliTiming extends Timing {
  note?: string;
  /** MCP requests one run made, by JSON-RPC method; undefined when the command never reached the server. */
  requestsPerRun?: Record<string, number>;
  /** Requests the command made but does not need (a method outside `needs`, or one method sent twice). */
  unneeded: string[];
}

export interface CliResults {
  /** Whether the bench's build of the CLI was rebuilt first, and why. */
  build: string;
  /** What `mcp-use --version` printed, or undefined when the CLI has no working --version. */
  cliVersion: string | undefined;
  packageVersion: string;
  /** Things worth knowing that are not a time (e.g. a missing --version). */
  findings: string[];
  connect: CliTiming;
  timings: CliTiming[];
}

/** HOME replaced, and no way to open a browser (as tests/cli/support/cli.ts runs the CLI). */
function cliEnv(home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, MCP_USE_NO_BROWSER: '1' };
  delete env.DISPLAY;
  delete env.WAYLAND_DISPLAY;
  return env;
}

const cli = (
  label: string,
  args: string[],
  extra: Omit<BenchCommand, 'label' | 'args'> = {},
): BenchCommand => ({
  label,
  args: [CLI, ...args],
  ...extra,
});

/** Requests per run, from the server's counters over `runs` runs. */
function perRun(stats: ServerStats, runs: number): Record<string, number> {
  return Object.fromEntries(
    Object.entries(stats.methods).map(([method, count]) => [method, Math.round((count / runs) * 10) / 10]),
  );
}

function unneeded(command: BenchCommand, requests: Record<string, number> | undefined): string[] {
  if (!requests) return [];
  const needs = new Set([...HANDSHAKE, ...(command.needs ?? [])]);
  return Object.entries(requests).flatMap(([method, count]) => {
    if (!needs.has(method)) return [`${method}${count === 1 ? '' : ` ×${count}`}`];
    return count > 1 && method !== 'notifications/initialized' ? [`${method} sent ${count}×`] : [];
  });
}

/** `--version` as a user would try it; a CLI without one is reported, never timed as if it had one. */
function probeVersion(context: RunContext): { version?: string; problem?: string } {
  const result = spawnSync(process.execPath, [CLI, '--version'], {
    cwd: context.cwd,
    env: context.env,
    encoding: 'utf8',
    timeout: RUN_TIMEOUT_MS,
    killSignal: 'SIGKILL',
  });
  const printed = result.stdout?.trim() ?? '';
  if (result.status === 0 && /^\d+\.\d+\.\d+/.test(printed)) return { version: printed };
  const why = result.error?.message ?? (result.stderr?.trim().split('\n')[0] || `exit ${result.status}`);
  return { problem: `\`mcp-use --version\` does not print a version (${why}); start-up time not measured` };
}

/** Times `command` over CLI_RUNS runs (after one unmeasured warm-up run) and counts its MCP requests. */
async function measure(
  server: RunningServer,
  command: BenchCommand,
  context: RunContext,
): Promise<CliTiming> {
  await server.resetStats();
  const timing = await timeRuns(command, context, CLI_RUNS);
  const stats = await server.stats();
  // The warm-up run is counted by the server too.
  const requestsPerRun = stats.requests > 0 ? perRun(stats, CLI_RUNS + 1) : undefined;
  return {
    ...timing,
    ...(command.note ? { note: command.note } : {}),
    ...(requestsPerRun ? { requestsPerRun } : {}),
    unneeded: unneeded(command, requestsPerRun),
  };
}

/** `connect` runs once (it is what every later command builds on), timed cold. */
async function measureConnect(server: RunningServer, context: RunContext): Promise<CliTiming> {
  const command = cli(
    `mcp-use client connect <url> --name ${SESSION} --auth <token>`,
    ['client', 'connect', server.url, '--name', SESSION, '--auth', TOKEN],
    {
      note: 'one cold run: saves the session',
      // It prints how many tools, resources and prompts the server has.
      needs: ['tools/list', 'resources/list', 'resources/templates/list', 'prompts/list'],
    },
  );
  await server.resetStats();
  const elapsedMs = await timeOnce(command, context);
  const requestsPerRun = perRun(await server.stats(), 1);
  return {
    label: command.label,
    samplesMs: [elapsedMs],
    medianMs: elapsedMs,
    minMs: elapsedMs,
    maxMs: elapsedMs,
    ...(command.note ? { note: command.note } : {}),
    requestsPerRun,
    unneeded: unneeded(command, requestsPerRun),
  };
}

export async function runCliBench(log: (line: string) => void): Promise<CliResults> {
  const build = ensureBuilt();
  log(`cli: ${build}`);
  const packageVersion = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string })
    .version;
  const home = mkdtempSync(join(tmpdir(), 'mcp-use-bench-cli-'));
  const context: RunContext = { cwd: home, env: cliEnv(home) };
  let server: RunningServer | undefined;
  try {
    server = await startServer({ kind: 'v2', bearer: TOKEN });
    log(`cli: v2 server (bearer) at ${server.url}, PID ${server.pid}; HOME=${home}`);

    const findings: string[] = [];
    const { version, problem } = probeVersion(context);
    if (problem) findings.push(problem);
    if (version && version !== packageVersion) {
      findings.push(`\`mcp-use --version\` prints ${version}, package.json says ${packageVersion}`);
    }

    const connect = await measureConnect(server, context);
    const commands: BenchCommand[] = [
      { label: "node -e ''", args: ['-e', ''], note: 'Node alone: the floor under every row' },
      ...(version ? [cli('mcp-use --version', ['--version'], { expectStdout: /\d/ })] : []),
      cli('mcp-use client sessions list', ['client', 'sessions', 'list'], {
        expectStdout: new RegExp(SESSION),
        note: 'reads the sessions file, no network',
      }),
      cli('mcp-use client tools list', ['client', 'tools', 'list'], {
        expectStdout: /\becho\b/,
        needs: ['tools/list'],
      }),
      cli(
        `mcp-use client tools call echo '{"text":"hi"}'`,
        ['client', 'tools', 'call', 'echo', '{"text":"hi"}'],
        {
          expectStdout: /^hi$/m,
          // docs/cli.md: the tool name and required arguments are checked (from tools/list) before calling.
          needs: ['tools/list', 'tools/call'],
        },
      ),
    ];
    const timings: CliTiming[] = [];
    for (const command of commands) {
      log(`cli: ${command.label} × ${CLI_RUNS}…`);
      timings.push(await measure(server, command, context));
    }
    return { build, cliVersion: version, packageVersion, findings, connect, timings };
  } finally {
    await server?.stop();
    rmSync(home, { recursive: true, force: true });
  }
}
