import type { Browser } from 'playwright-core';
import { roundTripDepth, roundTripDepths, timeWithoutRequests } from './network';
import type { ProbeReport } from './page/api';
import {
  type Classified,
  classify,
  type Era,
  type Floor,
  type Judgement,
  judge,
  type Origins,
  type Phase,
  protocolFloor,
} from './protocolFloor';
import { BenchSession, SETTLE_MS, sleep } from './session';

export interface PhaseResult {
  title: string;
  phase: Phase;
  ms: number;
  requests: Classified[];
  floor: Floor;
  judgement: Judgement;
  /** Sequential round trips on the critical path, without and with CORS preflights. */
  depth: number;
  depthWithPreflights: number;
  /** Time of the phase with no request in flight: the page's own work between round trips. */
  pageSideMs: number;
  /** The client's requests of this run in order: `+issued → +done ms [depth] label`. */
  waterfall: string[];
}

export interface RenderStats {
  rendersUntilReady: number;
  commitsUntilReady: number;
  /** The `state` values the component rendered, in order, until ready. */
  statesUntilReady: string[];
  /** Renders until ready that showed no new `state`, with the fields that changed in each. */
  sameStateRenders: string[][];
  identicalRenders: number;
}

export interface LatencyStats {
  firstMs: number;
  medianMs: number;
  p90Ms: number;
  calls: number;
}

export interface ScenarioResult {
  title: string;
  era: Era;
  /** Main-thread time of the app page from mount to ready (the page's CPU cost of connecting). */
  mainThreadMs?: number;
  /** Mount → ready, without the time the page waited before clicking (a user's think time). */
  readyMs?: number;
  /** Every measured run's mount → ready, when the scenario was repeated (readyMs is their median). */
  readyRuns?: number[];
  /** Whether every run made the same requests (same kinds, same counts). */
  requestsStable?: boolean;
  phases: PhaseResult[];
  renders?: RenderStats;
  callTool?: LatencyStats;
  negotiated?: string;
  /** What the servers themselves counted, as a cross-check of what the browser recorded. */
  serverSide?: string;
  error?: string;
}

export interface ServerUnderTest {
  url: string;
  era: Era;
  /** Server-side counters for the cross-check; reset before each phase. */
  stats?: () => Promise<string>;
  resetStats?: () => Promise<void>;
}

const CALL_TOOL_RUNS = 30;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] as number;
}

export function median(values: number[]): number {
  return percentile(
    [...values].sort((a, b) => a - b),
    50,
  );
}

function phaseResult(
  title: string,
  phase: Phase,
  era: Era,
  ms: number,
  session: BenchSession,
  window: [number, number],
  origins: Origins,
  capabilities: Record<string, unknown> | undefined,
  eraKnown = false,
): PhaseResult {
  const recorded = session.recorder.between(window[0], window[1]);
  const requests = recorded.map((request) => classify(request, origins));
  const floor = protocolFloor(era, phase, capabilities, eraKnown);
  return {
    title,
    phase,
    ms,
    requests,
    floor,
    judgement: judge(requests, floor),
    depth: roundTripDepth(recorded, false),
    depthWithPreflights: roundTripDepth(recorded, true),
    pageSideMs: timeWithoutRequests(recorded, window[0], window[0] + ms),
    waterfall: waterfall(requests, window[0]),
  };
}

function waterfall(requests: Classified[], from: number): string[] {
  const depths = roundTripDepths(
    requests.map((item) => item.request),
    false,
  );
  const at = (time: number | undefined) => (time === undefined ? '…' : `+${Math.round(time - from)}`);
  return requests
    .filter((item) => item.request.resourceType !== 'document' && !item.key.startsWith('page asset'))
    .map((item) => {
      const r = item.request;
      const depth = depths.get(r);
      const done = r.end ?? (r.headersAt !== undefined ? r.headersAt : undefined);
      const stream = r.end === undefined && r.headersAt !== undefined ? ' (stream, headers)' : '';
      return `${at(r.start)} → ${at(done)} ms${stream}${depth ? ` [${depth}]` : ''} ${item.label}`;
    });
}

function renderStats(report: ProbeReport): RenderStats {
  const readyAt = report.readyAt ?? Number.POSITIVE_INFINITY;
  return {
    rendersUntilReady: report.rendersUntilReady ?? report.renders,
    commitsUntilReady: report.commitsUntilReady ?? report.commits,
    statesUntilReady: report.states.filter((visit) => visit.at <= readyAt).map((visit) => visit.state),
    sameStateRenders: report.sameStateRenders,
    identicalRenders: report.identicalRenders,
  };
}

async function callToolLatency(session: BenchSession): Promise<LatencyStats> {
  // The first call is shown apart: it may need a new CORS preflight (the `mcp-name` header is new).
  const [first = Number.NaN, ...rest] = await session.page.evaluate(
    (runs) => window.bench!.callTool(0, 'echo', { text: 'bench' }, runs),
    CALL_TOOL_RUNS + 1,
  );
  const sorted = [...rest].sort((a, b) => a - b);
  return {
    firstMs: first,
    medianMs: percentile(sorted, 50),
    p90Ms: percentile(sorted, 90),
    calls: rest.length,
  };
}

/** A scenario's request signature: which kinds, how many of each, per phase. */
const signature = (result: ScenarioResult) =>
  JSON.stringify(
    result.phases.map((phase) =>
      phase.judgement.kinds.filter((kind) => kind.count > 0).map((kind) => [kind.key, kind.count]),
    ),
  );

/**
 * Folds repeated runs of one scenario into one result: times are medians over the runs; requests, renders and
 * the rest come from the last run that succeeded (and `requestsStable` says whether all runs agreed).
 */
export function combineRuns(runs: ScenarioResult[]): ScenarioResult {
  const ok = runs.filter((run) => !run.error);
  const last = ok[ok.length - 1];
  const failed = runs.filter((run) => run.error);
  if (!last) return runs[runs.length - 1] as ScenarioResult;
  const readyRuns = ok.map((run) => run.readyMs).filter((ms): ms is number => ms !== undefined);
  const phaseMedian = (index: number) => median(ok.map((run) => run.phases[index]?.ms ?? Number.NaN));
  const latency = ok.map((run) => run.callTool).filter((stats): stats is LatencyStats => stats !== undefined);
  return {
    ...last,
    readyMs: median(readyRuns),
    readyRuns,
    ...(last.mainThreadMs !== undefined
      ? { mainThreadMs: median(ok.map((run) => run.mainThreadMs ?? Number.NaN)) }
      : {}),
    requestsStable: new Set(ok.map(signature)).size === 1,
    phases: last.phases.map((phase, index) => ({
      ...phase,
      ms: phaseMedian(index),
      pageSideMs: median(ok.map((run) => run.phases[index]?.pageSideMs ?? Number.NaN)),
    })),
    ...(latency.length > 0
      ? {
          callTool: {
            firstMs: median(latency.map((l) => l.firstMs)),
            medianMs: median(latency.map((l) => l.medianMs)),
            p90Ms: median(latency.map((l) => l.p90Ms)),
            calls: latency.reduce((sum, l) => sum + l.calls, 0),
          },
        }
      : {}),
    ...(failed.length > 0
      ? { error: `${failed.length} of ${runs.length} runs failed: ${failed[0]?.error}` }
      : {}),
  };
}

const negotiated = (report: ProbeReport) =>
  `${report.era ?? '?'} ${report.protocolVersion ?? '?'} over ${report.transport ?? '?'}`;

/** Mount → ready in a fresh context, with a static bearer header: the plain connection. */
export async function bearerScenario(
  browser: Browser,
  appOrigin: string,
  server: ServerUnderTest,
  headers: Record<string, string>,
): Promise<ScenarioResult> {
  const title = `bearer, ${server.era === 'modern' ? '2026-07-28' : '2025 (legacy)'} server`;
  const session = await BenchSession.open(browser, appOrigin);
  try {
    await server.resetStats?.();
    const cpuBefore = await session.mainThreadMs();
    await session.mount([{ url: server.url, headers }]);
    const report = await session.waitForState(0, ['ready', 'failed']);
    const mainThreadMs = (await session.mainThreadMs()) - cpuBefore;
    if (report.state !== 'ready') throw new Error(`ended in ${report.state}: ${report.error}`);
    await sleep(SETTLE_MS);
    const readyAt = report.readyAt!;
    const origins = { app: appOrigin, mcp: [new URL(server.url).origin] };
    const phase = phaseResult(
      'mount → ready',
      'connect',
      server.era,
      readyAt - report.mountAt,
      session,
      [report.mountAt, readyAt + SETTLE_MS],
      origins,
      report.capabilities,
    );
    const serverSide = await server.stats?.();
    return {
      title,
      era: server.era,
      readyMs: readyAt - report.mountAt,
      mainThreadMs,
      phases: [phase],
      renders: renderStats(report),
      callTool: await callToolLatency(session),
      negotiated: negotiated(report),
      ...(serverSide ? { serverSide } : {}),
    };
  } catch (error) {
    return { title, era: server.era, phases: [], error: String((error as Error).message ?? error) };
  } finally {
    await session.close();
  }
}

export interface AuthorizationServerUnderTest {
  issuer: string;
  stats: () => Promise<string>;
  resetStats: () => Promise<void>;
}

/** pending_auth, a real click on the sign-in button, then ready: returns the two phases and the timings. */
async function signIn(
  session: BenchSession,
  era: Era,
  preparePhase: Phase,
  origins: Origins,
  eraKnown = false,
): Promise<{ phases: PhaseResult[]; report: ProbeReport; readyMs: number }> {
  const pending = await session.waitForState(0, ['pending_auth', 'failed', 'ready']);
  if (pending.state !== 'pending_auth') throw new Error(`expected pending_auth, got ${pending.state}`);
  const pendingAt = pending.pendingAuthAt!;
  await sleep(SETTLE_MS);
  const clickAt = await session.clickSignIn(0);
  const report = await session.waitForState(0, ['ready', 'failed']);
  if (report.state !== 'ready') throw new Error(`ended in ${report.state}: ${report.error}`);
  await sleep(SETTLE_MS);
  const readyAt = report.readyAt!;
  const prepare = phaseResult(
    'mount → pending_auth (authorization URL prepared)',
    preparePhase,
    era,
    pendingAt - pending.mountAt,
    session,
    [pending.mountAt, clickAt - 1],
    origins,
    report.capabilities,
  );
  const afterClick = phaseResult(
    'click → ready (popup, code exchange, connect)',
    'after-click',
    era,
    readyAt - clickAt,
    session,
    [clickAt - 1, readyAt + SETTLE_MS],
    origins,
    report.capabilities,
    eraKnown,
  );
  return { phases: [prepare, afterClick], report, readyMs: prepare.ms + afterClick.ms };
}

/**
 * The OAuth story of one server in one browser context: first sign-in (cold), a reload with tokens stored
 * (warm), then logout and sign in again (discovery and registration should come from the cache).
 */
export async function oauthScenarios(
  browser: Browser,
  appOrigin: string,
  as: AuthorizationServerUnderTest,
  server: ServerUnderTest,
): Promise<ScenarioResult[]> {
  const eraName = server.era === 'modern' ? '2026-07-28' : '2025 (legacy)';
  const origins: Origins = {
    app: appOrigin,
    mcp: [new URL(server.url).origin],
    authorizationServer: new URL(as.issuer).origin,
  };
  const results: ScenarioResult[] = [];
  const session = await BenchSession.open(browser, appOrigin);
  let step = `OAuth cold sign-in, ${eraName} server`;
  try {
    await as.resetStats();
    await session.mount([{ url: server.url }]);
    const cold = await signIn(session, server.era, 'cold-prepare', origins);
    const asStats = await as.stats();
    results.push({
      title: step,
      era: server.era,
      readyMs: cold.readyMs,
      phases: cold.phases,
      renders: renderStats(cold.report),
      callTool: await callToolLatency(session),
      negotiated: negotiated(cold.report),
      serverSide: `authorization server: ${asStats}`,
    });

    step = `OAuth warm (tokens stored, page reloaded), ${eraName} server`;
    await session.load();
    const cpuBefore = await session.mainThreadMs();
    await session.mount([{ url: server.url }]);
    const warm = await session.waitForState(0, ['ready', 'failed', 'pending_auth']);
    const mainThreadMs = (await session.mainThreadMs()) - cpuBefore;
    if (warm.state !== 'ready') throw new Error(`ended in ${warm.state}: ${warm.error}`);
    await sleep(SETTLE_MS);
    const warmPhase = phaseResult(
      'mount → ready',
      'connect',
      server.era,
      warm.readyAt! - warm.mountAt,
      session,
      [warm.mountAt, warm.readyAt! + SETTLE_MS],
      origins,
      warm.capabilities,
      true, // met during the sign-in above: what it speaks is remembered
    );
    results.push({
      title: step,
      era: server.era,
      readyMs: warmPhase.ms,
      mainThreadMs,
      phases: [warmPhase],
      renders: renderStats(warm),
      negotiated: negotiated(warm),
    });

    step = `OAuth sign-in again after logout (discovery, registration cached), ${eraName} server`;
    await session.page.evaluate(() => window.bench!.logout(0));
    await session.load();
    await as.resetStats();
    await session.mount([{ url: server.url }]);
    const again = await signIn(session, server.era, 'cached-prepare', origins, true);
    results.push({
      title: step,
      era: server.era,
      readyMs: again.readyMs,
      phases: again.phases,
      renders: renderStats(again.report),
      negotiated: negotiated(again.report),
      serverSide: `authorization server: ${await as.stats()}`,
    });
  } catch (error) {
    results.push({
      title: step,
      era: server.era,
      phases: [],
      error: String((error as Error).message ?? error),
    });
  } finally {
    await session.close();
  }
  return results;
}

export interface ScaleResult {
  hooks: number;
  servers: number;
  ready: number;
  failed: number;
  /** Mount → the last component ready. */
  allReadyMs?: number;
  medianReadyMs?: number;
  heapBeforeBytes: number;
  heapAfterBytes: number;
  /** Main-thread time of the page from mount until every hook was ready (or time ran out). */
  mainThreadMs: number;
  requests: number;
  preflights: number;
  rendersPerHook: number;
  note?: string;
}

/** N components, each with its own useMcp, mounted at once: time until all are ready and the JS heap. */
export async function scaleScenario(
  browser: Browser,
  appOrigin: string,
  urls: string[],
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<ScaleResult> {
  const session = await BenchSession.open(browser, appOrigin);
  try {
    const heapBeforeBytes = await session.heapUsed();
    const cpuBefore = await session.mainThreadMs();
    await session.mount(urls.map((url) => ({ url, headers })));
    const reports = await session.waitForAll(urls.length, timeoutMs);
    const mainThreadMs = (await session.mainThreadMs()) - cpuBefore;
    await sleep(SETTLE_MS);
    const ready = reports.filter((r) => r.readyAt !== undefined);
    const mountAt = reports[0]?.mountAt ?? 0;
    const readyTimes = ready.map((r) => (r.readyAt as number) - mountAt);
    const requests = session.recorder.between(mountAt);
    const renders = ready.map((r) => r.rendersUntilReady ?? 0);
    return {
      hooks: urls.length,
      servers: new Set(urls).size,
      ready: ready.length,
      failed: reports.filter((r) => r.state === 'failed').length,
      ...(readyTimes.length > 0
        ? { allReadyMs: Math.max(...readyTimes), medianReadyMs: median(readyTimes) }
        : {}),
      heapBeforeBytes,
      heapAfterBytes: await session.heapUsed(),
      mainThreadMs,
      requests: requests.filter((r) => r.resourceType !== 'preflight').length,
      preflights: requests.filter((r) => r.resourceType === 'preflight').length,
      rendersPerHook: renders.length > 0 ? median(renders) : 0,
      ...(ready.length < urls.length
        ? {
            note: `${urls.length - ready.length} not ready after ${timeoutMs} ms (states: ${summarizeStates(reports)})`,
          }
        : {}),
    };
  } finally {
    await session.close();
  }
}

function summarizeStates(reports: ProbeReport[]): string {
  const counts = new Map<string, number>();
  for (const report of reports) counts.set(report.state, (counts.get(report.state) ?? 0) + 1);
  return [...counts].map(([state, count]) => `${count} ${state}`).join(', ');
}

export interface IdleResult {
  idleMs: number;
  /** Requests made while idle, with seconds since the connection became ready. */
  requests: { atS: number; label: string }[];
  /** States the component went through while idle, with seconds since ready. */
  states: { atS: number; state: string }[];
  rendersWhileIdle: number;
}

/**
 * Background traffic of one ready connection left alone: opened at the start of the run and read at the end,
 * so the wait costs little extra time. Health checks, keep-alives and reconnects show up here.
 */
export async function startIdleWatch(
  browser: Browser,
  appOrigin: string,
  server: ServerUnderTest,
  headers: Record<string, string>,
): Promise<{ finish(minIdleMs: number): Promise<IdleResult> }> {
  const session = await BenchSession.open(browser, appOrigin);
  await session.mount([{ url: server.url, headers }]);
  const ready = await session.waitForState(0, ['ready', 'failed']);
  const readyAt = ready.readyAt ?? Date.now();
  const rendersAtReady = ready.renders;
  // Streams still opening right after ready belong to connecting, not to idling.
  const idleFrom = readyAt + SETTLE_MS;
  const seconds = (at: number) => Math.round((at - readyAt) / 100) / 10;
  return {
    async finish(minIdleMs) {
      try {
        // Bounded: never more than minIdleMs from the moment idling began.
        await sleep(Math.min(minIdleMs, Math.max(0, idleFrom + minIdleMs - Date.now())));
        const until = Date.now();
        const origins = { app: appOrigin, mcp: [new URL(server.url).origin] };
        const report = (await session.reports())[0];
        return {
          idleMs: until - idleFrom,
          requests: session.recorder
            .between(idleFrom, until)
            .map((request) => ({ atS: seconds(request.start), label: classify(request, origins).label })),
          states: (report?.states ?? [])
            .filter((visit) => visit.at > readyAt)
            .map((visit) => ({ atS: seconds(visit.at), state: visit.state })),
          rendersWhileIdle: (report?.renders ?? rendersAtReady) - rendersAtReady,
        };
      } finally {
        await session.close();
      }
    },
  };
}
