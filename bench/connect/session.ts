import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { NetworkRecorder } from './network';
import type { MountSpec, ProbeReport } from './page/api';

/** Bounds every wait on the page, so a stuck connection ends a scenario instead of hanging the bench. */
export const PAGE_TIMEOUT_MS = 20_000;
/** After a target state, requests still starting within this window belong to the phase (streams opening). */
export const SETTLE_MS = 400;

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** One browser context (its own IndexedDB, HTTP cache and preflight cache) with the bench page loaded. */
export class BenchSession {
  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
    readonly recorder: NetworkRecorder,
    readonly cdp: CDPSession,
    private readonly appUrl: string,
  ) {}

  static async open(browser: Browser, appOrigin: string): Promise<BenchSession> {
    const context = await browser.newContext();
    const page = await context.newPage();
    const recorder = await NetworkRecorder.attach(context, page);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const session = new BenchSession(context, page, recorder, cdp, `${appOrigin}/`);
    await session.load();
    return session;
  }

  /** Loads (or reloads, keeping the context's storage) the app page and waits for its bench API. */
  async load(): Promise<void> {
    await this.page.goto(this.appUrl, { timeout: PAGE_TIMEOUT_MS });
    await this.page.waitForFunction(() => window.bench !== undefined, undefined, {
      timeout: PAGE_TIMEOUT_MS,
    });
  }

  async mount(specs: MountSpec[]): Promise<void> {
    await this.page.evaluate((list) => window.bench!.mount(list), specs);
  }

  reports(): Promise<ProbeReport[]> {
    return this.page.evaluate(() => window.bench!.reports());
  }

  /** Waits (bounded) until probe `index` shows one of `states`; a timeout says where it was instead. */
  async waitForState(index: number, states: string[], timeoutMs = PAGE_TIMEOUT_MS): Promise<ProbeReport> {
    try {
      await this.page.waitForFunction(
        ([i, wanted]) => wanted.includes(window.bench?.reports()[i]?.state ?? ''),
        [index, states] as const,
        { timeout: timeoutMs, polling: 25 },
      );
    } catch (error) {
      const report = (await this.reports().catch(() => []))[index];
      throw new Error(
        `probe ${index} did not reach ${states.join('/')} within ${timeoutMs} ms ` +
          `(state ${report?.state ?? 'unknown'}${report?.error ? `, ${report.error}` : ''})`,
        { cause: error },
      );
    }
    const report = (await this.reports())[index];
    if (!report) throw new Error(`probe ${index} is gone`);
    return report;
  }

  /** Waits (bounded) until every probe is `ready` (or `failed`); resolves with how many made it. */
  async waitForAll(count: number, timeoutMs: number): Promise<ProbeReport[]> {
    await this.page
      .waitForFunction(
        (n) => {
          const reports = window.bench?.reports() ?? [];
          return reports.length === n && reports.every((r) => r.state === 'ready' || r.state === 'failed');
        },
        count,
        { timeout: timeoutMs, polling: 50 },
      )
      .catch(() => undefined); // the caller reports how many were ready when time ran out
    return this.reports();
  }

  /** Clicks probe `index`'s sign-in button with a real input event; resolves with the click's epoch ms. */
  async clickSignIn(index: number): Promise<number> {
    await this.page.click(`[data-sign-in="${index}"]`, { timeout: PAGE_TIMEOUT_MS });
    const at = await this.page.evaluate(() => window.bench!.lastClickAt());
    if (at === undefined) throw new Error('the click did not reach the page');
    return at;
  }

  /**
   * Milliseconds the page's main thread has spent running tasks (script, style, layout…) since the page loaded:
   * the difference between two readings is the page's CPU cost in between.
   */
  async mainThreadMs(): Promise<number> {
    const { metrics } = await this.cdp.send('Performance.getMetrics');
    return (metrics.find((metric) => metric.name === 'TaskDuration')?.value ?? Number.NaN) * 1000;
  }

  /** Live JS heap of the page after a forced garbage collection, in bytes. */
  async heapUsed(): Promise<number> {
    await this.cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await this.cdp.send('Runtime.getHeapUsage');
    return usedSize;
  }

  async close(): Promise<void> {
    await this.recorder.detach();
    await this.context.close().catch(() => undefined);
  }
}
