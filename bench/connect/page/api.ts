// The contract between the bench page (runs in Chromium) and the bench driver (runs in Node): the page exposes
// `window.bench`, the driver calls it through `page.evaluate` and reads plain JSON back.

export interface MountSpec {
  url: string;
  headers?: Record<string, string>;
}

export interface StateVisit {
  state: string;
  /** Epoch milliseconds (performance.timeOrigin + performance.now()), comparable with network timings. */
  at: number;
}

export interface ProbeReport {
  mountAt: number;
  /** Component renders (function-body runs) so far. */
  renders: number;
  /** Committed renders so far. */
  commits: number;
  /** The `state` values in the order renders saw them. */
  states: StateVisit[];
  /** Renders whose result showed the same `state` as the previous render, with the fields that changed. */
  sameStateRenders: string[][];
  /** Renders that received the identical result object again (nothing changed at all). */
  identicalRenders: number;
  pendingAuthAt?: number;
  readyAt?: number;
  rendersUntilReady?: number;
  commitsUntilReady?: number;
  state: string;
  error?: string;
  era?: string;
  protocolVersion?: string;
  transport?: string;
  capabilities?: Record<string, unknown>;
  lists: { tools: number; resources: number; resourceTemplates: number; prompts: number };
}

export interface BenchApi {
  /** Renders one component per spec, each with its own useMcp; replaces whatever was mounted. */
  mount(specs: MountSpec[]): void;
  reports(): ProbeReport[];
  /** Sequential `callTool(name, args)` calls on probe `index`; resolves with each call's duration in ms. */
  callTool(index: number, name: string, args: Record<string, unknown>, times: number): Promise<number[]>;
  logout(index: number): Promise<void>;
  unmount(): void;
  /** Epoch ms of the latest click anywhere on the page (captured before React sees it). */
  lastClickAt(): number | undefined;
}

declare global {
  interface Window {
    bench?: BenchApi;
  }
}
