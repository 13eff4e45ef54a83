// The bench page: mounts components that use `useMcp` (as an app would, inside StrictMode) and records, per
// component, every render, the state each render saw, and when `pending_auth` and `ready` were committed.
import { StrictMode, useLayoutEffect } from 'react';
import { createRoot } from 'react-dom/client';
import { type UseMcpResult, useMcp } from 'mcp-use/react';
import type { BenchApi, MountSpec, ProbeReport } from './api';

const now = () => performance.timeOrigin + performance.now();

interface Probe {
  spec: MountSpec;
  report: ProbeReport;
  last: UseMcpResult | undefined;
}

/** Result fields whose change explains a render (methods are stable and never differ). */
function changedFields(before: UseMcpResult, after: UseMcpResult): string[] {
  return (Object.keys(after) as (keyof UseMcpResult)[]).filter(
    (key) => typeof after[key] !== 'function' && !Object.is(before[key], after[key]),
  );
}

function record(probe: Probe, mcp: UseMcpResult): void {
  const report = probe.report;
  report.renders += 1;
  const previous = probe.last;
  if (previous === mcp) report.identicalRenders += 1;
  else if (previous && previous.state === mcp.state)
    report.sameStateRenders.push(changedFields(previous, mcp));
  else report.states.push({ state: mcp.state, at: now() });
  probe.last = mcp;
  report.state = mcp.state;
  report.error = mcp.error ? `${mcp.error.code}: ${mcp.error.message}` : undefined;
  report.era = mcp.era;
  report.protocolVersion = mcp.protocolVersion;
  report.transport = mcp.transport;
  report.capabilities = mcp.capabilities as Record<string, unknown> | undefined;
  report.lists = {
    tools: mcp.tools.length,
    resources: mcp.resources.length,
    resourceTemplates: mcp.resourceTemplates.length,
    prompts: mcp.prompts.length,
  };
}

function ProbeView({ index, probe }: { index: number; probe: Probe }) {
  const mcp = useMcp(probe.spec);
  record(probe, mcp);
  useLayoutEffect(() => {
    const report = probe.report;
    report.commits += 1;
    if (mcp.state === 'pending_auth') report.pendingAuthAt ??= now();
    if (mcp.state === 'ready' && report.readyAt === undefined) {
      report.readyAt = now();
      report.rendersUntilReady = report.renders;
      report.commitsUntilReady = report.commits;
    }
  });
  results[index] = mcp;
  return (
    <section data-probe={index} data-state={mcp.state}>
      {mcp.state === 'pending_auth' ? (
        <button type="button" data-sign-in={index} onClick={mcp.authenticate}>
          Sign in
        </button>
      ) : null}
    </section>
  );
}

const root = createRoot(document.getElementById('root')!);
let lastClickAt: number | undefined;
document.addEventListener(
  'click',
  () => {
    lastClickAt = now();
  },
  { capture: true },
);
let probes: Probe[] = [];
const results: UseMcpResult[] = [];

function latest(index: number): UseMcpResult {
  const result = results[index];
  if (!result) throw new Error(`no probe ${index}`);
  return result;
}

const bench: BenchApi = {
  mount(specs) {
    const mountAt = now();
    probes = specs.map((spec) => ({
      spec,
      last: undefined,
      report: {
        mountAt,
        renders: 0,
        commits: 0,
        states: [],
        sameStateRenders: [],
        identicalRenders: 0,
        state: 'unmounted',
        lists: { tools: 0, resources: 0, resourceTemplates: 0, prompts: 0 },
      },
    }));
    results.length = 0;
    root.render(
      <StrictMode>
        {probes.map((probe, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: probes never reorder; the index is their identity.
          <ProbeView key={index} index={index} probe={probe} />
        ))}
      </StrictMode>,
    );
  },
  reports: () => probes.map((probe) => probe.report),
  async callTool(index, name, args, times) {
    const durations: number[] = [];
    for (let i = 0; i < times; i += 1) {
      const started = performance.now();
      await latest(index).callTool(name, args);
      durations.push(performance.now() - started);
    }
    return durations;
  },
  logout: (index) => latest(index).logout(),
  unmount() {
    probes = [];
    results.length = 0;
    root.render(null);
  },
  lastClickAt: () => lastClickAt,
};

window.bench = bench;
