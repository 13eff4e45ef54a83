// The CLI section of bench/RESULTS.md: one table of wall times, then what was found besides times.
import type { CliResults, CliTiming } from './main';

const ms = (value: number) => (Number.isNaN(value) ? '—' : `${Math.round(value)} ms`);

function requestsCell(timing: CliTiming): string {
  if (!timing.requestsPerRun) return '—';
  const entries = Object.entries(timing.requestsPerRun);
  const total = entries.reduce((sum, [, count]) => sum + count, 0);
  return `${total}: ${entries.map(([method, count]) => `${method} ${count}`).join(', ')}`;
}

function row(timing: CliTiming): string {
  const label = `\`${timing.label}\`${timing.note ? ` (${timing.note})` : ''}`;
  return (
    `| ${label} | ${ms(timing.medianMs)} | ${ms(timing.minMs)} | ${ms(timing.maxMs)} | ` +
    `${timing.samplesMs.length} | ${requestsCell(timing)} | ${timing.unneeded.join(', ') || '—'} |`
  );
}

export function formatCli(results: CliResults, runs: number): string {
  const lines = [
    '## CLI (bench/cli)',
    '',
    `The built bin (the package's tsdown build, in node_modules/.cache/mcp-use-bench-cli: ${results.build}) ` +
      'against a bearer-protected v2 test server on 127.0.0.1, HOME in a temporary folder, after one `connect`. ' +
      "Wall time from spawn to exit, Node's start-up included; median / min / max of " +
      `${runs} runs after one unmeasured warm-up run. Requests are the MCP ` +
      'requests the server saw per run, by JSON-RPC method; *not needed* lists those the command could do without ' +
      '(the handshake and the lists it prints or checks against are needed; anything else, or a method sent twice, ' +
      'is not).',
    '',
    '| command | median | min | max | runs | MCP requests per run | not needed |',
    '|---|---:|---:|---:|---:|---|---|',
    row(results.connect),
    ...results.timings.map(row),
    '',
  ];
  if (results.findings.length > 0) {
    lines.push(...results.findings.map((finding) => `- ${finding}`), '');
  }
  return lines.join('\n');
}
