import type { ConnectResults } from './main';
import type { PhaseResult, ScaleResult, ScenarioResult } from './scenarios';

const ms = (value: number | undefined) =>
  value === undefined || Number.isNaN(value) ? '—' : `${Math.round(value)} ms`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const kb = (bytes: number) => `${Math.round(bytes / 1024)} KB`;

function roundTrips(phases: PhaseResult[]): string {
  return phases.map((phase) => `${phase.depth} (floor ${phase.floor.sequential})`).join(' + ');
}

const pageSide = (result: ScenarioResult) =>
  result.phases.length === 0 ? undefined : result.phases.reduce((sum, phase) => sum + phase.pageSideMs, 0);

function rendersCell(result: ScenarioResult): string {
  const renders = result.renders;
  if (!renders) return '—';
  return `${renders.rendersUntilReady} / ${renders.statesUntilReady.length}`;
}

function latencyCell(result: ScenarioResult): string {
  const stats = result.callTool;
  if (!stats) return '—';
  return `${ms(stats.medianMs)} (p90 ${ms(stats.p90Ms)}, first ${ms(stats.firstMs)})`;
}

/** `strictMode`: React's development build renders twice by design, so render counts are not flagged there. */
function flagsOf(result: ScenarioResult, strictMode = false): string[] {
  const flags: string[] = [];
  for (const phase of result.phases) {
    const where = result.phases.length > 1 ? `${phase.title}: ` : '';
    for (const extra of phase.judgement.beyondFloor) flags.push(`${where}beyond floor: ${extra}`);
    for (const duplicate of phase.judgement.duplicates) flags.push(`${where}duplicated: ${duplicate}`);
    if (phase.depth > phase.floor.sequential) {
      flags.push(
        `${where}${phase.depth} sequential round trips, floor ${phase.floor.sequential} (${phase.floor.why})`,
      );
    }
  }
  const renders = result.renders;
  if (!strictMode && renders && renders.rendersUntilReady > renders.statesUntilReady.length) {
    flags.push(
      `${renders.rendersUntilReady} renders for ${renders.statesUntilReady.length} states until ready` +
        (renders.sameStateRenders.length > 0
          ? ` (same-state renders changed: ${renders.sameStateRenders.map((f) => f.join('+') || 'nothing').join(', ')})`
          : ''),
    );
  }
  if (result.requestsStable === false) flags.push('runs made different requests');
  if (result.error) flags.push(`error: ${result.error}`);
  return flags;
}

function summaryTable(results: ScenarioResult[], strictMode = false): string[] {
  const lines = [
    '| scenario | negotiated | mount → ready (no request in flight) | sequential round trips (floor) | renders / states until ready | `callTool` median | flags |',
    '|---|---|---:|---|---|---|---:|',
  ];
  for (const result of results) {
    lines.push(
      `| ${result.title} | ${result.negotiated ?? '—'} | ${ms(result.readyMs)} (${ms(pageSide(result))}) | ` +
        `${roundTrips(result.phases)} | ` +
        `${rendersCell(result)} | ${latencyCell(result)} | ${flagsOf(result, strictMode).length} |`,
    );
  }
  return lines;
}

function phaseDetails(phase: PhaseResult): string[] {
  const judged = phase.judgement.kinds
    .filter((kind) => kind.count > 0 || kind.floor > 0)
    .filter((kind) => phase.requests.some((r) => r.key === kind.key && r.judged) || kind.floor > 0)
    .map((kind) => `${kind.key} ${kind.count}/${kind.floor}${kind.count > kind.floor ? ' ⚠' : ''}`);
  const shown = phase.judgement.kinds
    .filter((kind) => kind.count > 0 && !phase.requests.some((r) => r.key === kind.key && r.judged))
    .map((kind) => `${kind.key} ${kind.count}`);
  return [
    `- ${phase.title}: ${ms(phase.ms)}, of which ${ms(phase.pageSideMs)} with no request in flight; sequential ` +
      `round trips ${phase.depth} (floor ${phase.floor.sequential}: ${phase.floor.why}), ` +
      `${phase.depthWithPreflights} counting CORS preflights`,
    `  - requests (seen/floor): ${judged.join(' · ') || 'none'}`,
    ...(shown.length > 0 ? [`  - not judged: ${shown.join(' · ')}`] : []),
    `  - waterfall (last run; [n] = round trip): ${phase.waterfall.join(' · ')}`,
  ];
}

function scenarioDetails(result: ScenarioResult): string[] {
  const lines = [`#### ${result.title}`, ''];
  if (result.readyRuns && result.readyRuns.length > 0) {
    lines.push(
      `- mount → ready ${ms(result.readyMs)} (runs: ${result.readyRuns.map((v) => Math.round(v)).join(', ')} ms)`,
    );
  }
  for (const phase of result.phases) lines.push(...phaseDetails(phase));
  if (result.renders) {
    const r = result.renders;
    lines.push(
      `- renders until ready ${r.rendersUntilReady} (commits ${r.commitsUntilReady}) for states ${r.statesUntilReady.join(' → ')}` +
        (r.identicalRenders > 0 ? `; ${r.identicalRenders} renders with an unchanged result` : ''),
    );
  }
  if (result.serverSide) lines.push(`- ${result.serverSide}`);
  const flags = flagsOf(result);
  if (flags.length > 0) lines.push(...flags.map((flag) => `- ⚠ ${flag}`));
  lines.push('');
  return lines;
}

function scaleTable(rows: ScaleResult[]): string[] {
  const lines = [
    '| hooks | servers | ready | mount → all ready | median ready | page main thread busy | JS heap before → after (Δ per hook) | requests (+ preflights) | renders per hook |',
    '|---:|---:|---:|---:|---:|---:|---|---:|---:|',
  ];
  for (const row of rows) {
    const perHook = (row.heapAfterBytes - row.heapBeforeBytes) / row.hooks;
    lines.push(
      `| ${row.hooks} | ${row.servers} | ${row.ready}/${row.hooks} | ${ms(row.allReadyMs)} | ${ms(row.medianReadyMs)} | ` +
        `${ms(row.mainThreadMs)} | ` +
        `${mb(row.heapBeforeBytes)} → ${mb(row.heapAfterBytes)} (${kb(perHook)}) | ${row.requests} (+${row.preflights}) | ` +
        `${row.rendersPerHook} |`,
    );
  }
  const notes = rows.filter((row) => row.note).map((row) => `- ${row.hooks} hooks: ${row.note}`);
  return [...lines, ...(notes.length > 0 ? ['', ...notes] : [])];
}

/** The connect section of RESULTS.md (and of the console output). */
export function formatConnect(results: ConnectResults, runs: { bearer: number; oauth: number }): string {
  const lines: string[] = [
    '## Connect (bench/connect)',
    '',
    `Chromium ${results.browserVersion}, headless; the page is a production build of \`bench/connect/page\` (React, ` +
      'StrictMode) on its own 127.0.0.1 port, every server on another, so every request is cross-origin and CORS ' +
      `preflights are real round trips. Times are medians of ${runs.bearer} (bearer) / ${runs.oauth} (OAuth) runs, ` +
      'each scenario after one unmeasured warm-up run; each run starts in a fresh browser context (empty IndexedDB, ' +
      'HTTP and preflight caches). OAuth: oidc-provider with auto-consent, sign-in started by a real click on the ' +
      "component's button. Sequential round trips are the waterfall's depth (preflights not counted; see details). " +
      '`renders / states`: renders of the component until `ready` against the `state` values it went through.',
    '',
    ...summaryTable(results.scenarios),
    '',
    '### Details',
    '',
    ...results.scenarios.flatMap(scenarioDetails),
    '### StrictMode (development build, one run each)',
    '',
    "React's development build double-invokes renders and effects; these runs check that the double mount makes no " +
      'extra requests. Renders count every body run (so StrictMode doubles them).',
    '',
    ...summaryTable(results.strictModeScenarios, true),
    '',
    ...results.strictModeScenarios.flatMap((result) =>
      flagsOf(result, true).map((flag) => `- ⚠ ${result.title}: ${flag}`),
    ),
    '',
    '### Many hooks, one server each (2026-07-28 servers, bearer)',
    '',
    'Each component has its own `useMcp` and its own server (one port each). Servers were warmed by one unmeasured ' +
      'pass. JS heap: used heap after a forced GC, before mounting and after every hook is ready.',
    '',
    ...scaleTable(results.scale),
    '',
    '### Many hooks, one server',
    '',
    'Every hook asks for the same server (one origin). Chromium keeps at most 6 HTTP/1.1 connections per host, and ' +
      'an open stream (2026-07-28 `subscriptions/listen`, 2025 GET stream) holds one for as long as it is open: ' +
      'with one connection and one stream per hook, 6 hooks leave no connection for requests.',
    '',
    ...scaleTable(results.sameServer),
    '',
    ...idleSection(results),
    '### Flags (this run)',
    '',
    'Everything above the protocol floor, duplicated, or rendered more often than the state changed:',
    '',
    ...allFlags(results).map((flag) => `- ${flag}`),
    '',
  ];
  return lines.join('\n');
}

function allFlags(results: ConnectResults): string[] {
  const flags = [
    ...results.scenarios.flatMap((result) => flagsOf(result).map((flag) => `${result.title}: ${flag}`)),
    ...results.strictModeScenarios.flatMap((result) =>
      flagsOf(result, true).map((flag) => `StrictMode, ${result.title}: ${flag}`),
    ),
    ...[...results.scale, ...results.sameServer]
      .filter((row) => row.ready < row.hooks)
      .map((row) => `${row.hooks} hooks on ${row.servers} server(s): ${row.note}`),
  ];
  const reconnects = results.idle.states.filter((visit) => visit.state !== 'ready').length;
  if (reconnects > 0 || results.idle.requests.length > 0) {
    flags.push(
      `idle connection: ${results.idle.requests.length} requests and ${reconnects} departures from ready in ` +
        `${Math.round(results.idle.idleMs / 1000)} s`,
    );
  }
  return flags.length > 0 ? flags : ['none'];
}

function idleSection(results: ConnectResults): string[] {
  return [
    '### Idle',
    '',
    `One ready 2026-07-28 connection (bearer) left alone for ${Math.round(results.idle.idleMs / 1000)} s while the ` +
      `other scenarios ran: ${results.idle.requests.length} requests ` +
      `(${((results.idle.requests.length / results.idle.idleMs) * 60_000).toFixed(1)} per minute), ` +
      `${results.idle.rendersWhileIdle} renders.`,
    '',
    `- state changes while idle: ${results.idle.states.map((s) => `${s.state} at +${s.atS} s`).join(', ') || 'none'}`,
    `- requests while idle (${results.idle.requests.length}): ` +
      (results.idle.requests.map((r) => `+${r.atS} s ${r.label}`).join(' · ') || 'none'),
    '',
  ];
}
