import type { BrowserContext, CDPSession, Page, Request } from 'playwright-core';

/** One HTTP request a page of the context made, with what is needed to classify it and place it in time. */
export interface RecordedRequest {
  method: string;
  url: string;
  /** `fetch`, `xhr`, `document`, `script`…, or `preflight` for a CORS preflight. */
  resourceType: string;
  /** Whether the sign-in popup (any page but the app's) made it. */
  fromPopup: boolean;
  /** Epoch ms when the page issued it (before any preflight or queueing). */
  start: number;
  /** Epoch ms when the response headers arrived. */
  headersAt?: number;
  /** Epoch ms when the body ended; undefined for a stream still open. */
  end?: number;
  status?: number;
  /** JSON-RPC methods in a POST body (batch-aware). */
  rpcMethods: string[];
  /** `grant_type` of a form-encoded POST (token requests). */
  grantType?: string;
  hasAuthorization: boolean;
  /** The request a preflight was made for (preflights only). */
  preflightFor?: RecordedRequest;
  /** Whether this request waited for a CORS preflight. */
  preflighted: boolean;
}

function parseBody(body: string | undefined): Pick<RecordedRequest, 'rpcMethods' | 'grantType'> {
  if (!body) return { rpcMethods: [] };
  try {
    const json = JSON.parse(body) as unknown;
    const messages = Array.isArray(json) ? json : [json];
    const rpcMethods = messages
      .map((message) => (message as { method?: unknown })?.method)
      .filter((method): method is string => typeof method === 'string');
    return { rpcMethods };
  } catch {
    const grantType = new URLSearchParams(body).get('grant_type') ?? undefined;
    return { rpcMethods: [], ...(grantType ? { grantType } : {}) };
  }
}

const hasAuthorizationHeader = (headers: Record<string, string>) =>
  Object.keys(headers).some((name) => name.toLowerCase() === 'authorization');

interface CdpResponseEvent {
  requestId: string;
  timestamp: number;
  response: { status: number; timing?: { requestTime: number; receiveHeadersEnd: number } };
}

interface CdpRequestEvent {
  requestId: string;
  timestamp: number;
  wallTime: number;
  type?: string;
  initiator: { type: string; requestId?: string };
  request: { url: string; method: string; headers: Record<string, string>; postData?: string };
}

/**
 * Records the requests of every page in a browser context. For the app page, the Chrome DevTools Protocol gives
 * exact times and shows CORS preflights, which Playwright's request events hide. For the sign-in popup,
 * Playwright's context events see everything from its first navigation (a CDP session attaches too late for
 * that); CDP adds the popup's preflights.
 */
export class NetworkRecorder {
  readonly #requests: RecordedRequest[] = [];
  readonly #popupRequests = new Map<Request, RecordedRequest>();
  /** The popup's non-document requests as CDP saw them: exact times for the Playwright records. */
  readonly #popupTimings: RecordedRequest[] = [];
  readonly #sessions: CDPSession[] = [];
  readonly #appPage: Page;

  private constructor(appPage: Page) {
    this.#appPage = appPage;
  }

  static async attach(context: BrowserContext, appPage: Page): Promise<NetworkRecorder> {
    const recorder = new NetworkRecorder(appPage);
    context.on('request', (request) => recorder.#onPopupRequest(request));
    context.on('response', (response) => {
      const record = recorder.#popupRequests.get(response.request());
      if (record) record.status = response.status();
      recorder.#onPopupResponse(response.request(), false);
    });
    context.on('requestfinished', (request) => recorder.#onPopupResponse(request, true));
    context.on('page', (page) => void recorder.#watch(page, true));
    await recorder.#watch(appPage, false);
    return recorder;
  }

  /**
   * The popup's requests, from Playwright: it sees a new window's navigations from the first hop, before a CDP
   * session can attach. Their times are Playwright's (good to the millisecond, not to the preflight).
   */
  #onPopupRequest(request: Request): void {
    try {
      if (request.frame().page() === this.#appPage) return;
    } catch {
      // The first navigations of a new window have no frame yet: only a popup does that here.
    }
    const record: RecordedRequest = {
      method: request.method(),
      url: request.url(),
      resourceType: request.resourceType(),
      fromPopup: true,
      start: Date.now(),
      hasAuthorization: 'authorization' in request.headers(),
      preflighted: false,
      ...parseBody(request.postData() ?? undefined),
    };
    this.#popupRequests.set(request, record);
    this.#requests.push(record);
  }

  #onPopupResponse(request: Request, finished: boolean): void {
    const record = this.#popupRequests.get(request);
    if (!record) return;
    const timing = request.timing();
    record.start = timing.startTime;
    if (timing.responseStart >= 0) record.headersAt = timing.startTime + timing.responseStart;
    if (finished && timing.responseEnd >= 0) record.end = timing.startTime + timing.responseEnd;
  }

  async #watch(page: Page, fromPopup: boolean): Promise<void> {
    let session: CDPSession;
    try {
      session = await page.context().newCDPSession(page);
      await session.send('Network.enable');
    } catch {
      return; // the page closed before we could attach (a popup that finished at once)
    }
    this.#sessions.push(session);
    /** Per CDP request id: the record, and the (wall, monotonic) clock pair to convert CDP timestamps. */
    const open = new Map<string, { record: RecordedRequest; wall: number; mono: number }>();
    const epoch = (entry: { wall: number; mono: number }, timestamp: number) =>
      (entry.wall + (timestamp - entry.mono)) * 1000;

    session.on('Network.requestWillBeSent', (event: CdpRequestEvent) => {
      const isPreflight = event.initiator.type === 'preflight';
      const type = isPreflight ? 'preflight' : (event.type ?? 'Other').toLowerCase();
      // A popup's documents come from Playwright only (it sees them from the first hop). Its fetches come from
      // both: CDP's exact times replace Playwright's when this session caught them (see between()).
      if (fromPopup && !isPreflight && type === 'document') return;
      const record: RecordedRequest = {
        method: event.request.method,
        url: event.request.url,
        resourceType: type,
        fromPopup,
        start: event.wallTime * 1000,
        hasAuthorization: hasAuthorizationHeader(event.request.headers),
        preflighted: false,
        ...parseBody(event.request.postData),
      };
      if (isPreflight && event.initiator.requestId) {
        const owner = open.get(event.initiator.requestId)?.record;
        if (owner) {
          record.preflightFor = owner;
          owner.preflighted = true;
        }
      }
      (fromPopup && !isPreflight ? this.#popupTimings : this.#requests).push(record);
      open.set(event.requestId, { record, wall: event.wallTime, mono: event.timestamp });
    });
    session.on('Network.responseReceived', (event: CdpResponseEvent) => {
      const entry = open.get(event.requestId);
      if (!entry) return;
      entry.record.status = event.response.status;
      // The network stack's own clock for "headers received"; the event itself may be dispatched later.
      const timing = event.response.timing;
      entry.record.headersAt = epoch(
        entry,
        timing ? timing.requestTime + timing.receiveHeadersEnd / 1000 : event.timestamp,
      );
    });
    const finish = (event: { requestId: string; timestamp: number }) => {
      const entry = open.get(event.requestId);
      if (!entry) return;
      entry.record.end = epoch(entry, event.timestamp);
      open.delete(event.requestId);
    };
    session.on('Network.loadingFinished', finish);
    session.on('Network.loadingFailed', finish);
  }

  /** Requests (preflights included) issued in [from, to], in the order they were issued. */
  between(from: number, to: number = Number.POSITIVE_INFINITY): RecordedRequest[] {
    for (const record of this.#popupRequests.values()) this.#adoptCdpTiming(record);
    return this.#requests
      .filter((request) => request.start >= from && request.start <= to)
      .sort((a, b) => a.start - b.start);
  }

  /** Playwright's times for a popup fetch are loose; CDP's record of the same request (if any) is exact. */
  #adoptCdpTiming(record: RecordedRequest): void {
    const twin = this.#popupTimings.find(
      (cdp) =>
        cdp.method === record.method && cdp.url === record.url && Math.abs(cdp.start - record.start) < 50,
    );
    if (!twin) return;
    record.start = twin.start;
    if (twin.headersAt !== undefined) record.headersAt = twin.headersAt;
    if (twin.end !== undefined) record.end = twin.end;
  }

  async detach(): Promise<void> {
    await Promise.all(this.#sessions.map((session) => session.detach().catch(() => undefined)));
  }
}

/**
 * When the client could act on a response: an error status as soon as its headers arrive (a 401's
 * `WWW-Authenticate` is all it needs, the body may still be in flight), a stream once its headers arrive (the
 * 2026-07-28 `subscriptions/listen` acknowledgement follows at once), anything else once its body ended.
 * Undefined for a request nobody waits on: the 2025 standalone GET stream, which the SDK opens after
 * `notifications/initialized` without awaiting it.
 */
function actionableAt(request: RecordedRequest): number | undefined {
  if (request.method === 'GET' && request.end === undefined) return undefined;
  if (request.status !== undefined && request.status >= 400) return request.headersAt ?? request.end;
  return request.end ?? request.headersAt;
}

/**
 * Sequential round trips on the critical path (the waterfall's depth): a request counts one more than the
 * deepest request the client could have acted on before issuing it; a request that waited for a CORS
 * preflight counts two when `withPreflights`. Only the client's own requests count (fetch/XHR), not page loads
 * such as the authorization server's sign-in pages in the popup.
 */
export function roundTripDepth(requests: RecordedRequest[], withPreflights: boolean): number {
  return Math.max(0, ...roundTripDepths(requests, withPreflights).values());
}

/** Each client request's depth in the waterfall (see roundTripDepth). */
export function roundTripDepths(
  requests: RecordedRequest[],
  withPreflights: boolean,
): Map<RecordedRequest, number> {
  const work = requests
    .filter((request) => request.resourceType === 'fetch' || request.resourceType === 'xhr')
    .sort((a, b) => a.start - b.start);
  const depth = new Map<RecordedRequest, number>();
  for (const request of work) {
    let before = 0;
    for (const [earlier, d] of depth) {
      const done = actionableAt(earlier);
      if (done !== undefined && done <= request.start && d > before) before = d;
    }
    depth.set(request, before + 1 + (withPreflights && request.preflighted ? 1 : 0));
  }
  return depth;
}

/**
 * Milliseconds of [from, to] with no request in flight (the popup's included): time the pages spent on their own
 * work (JavaScript, IndexedDB, timers, window messaging) between round trips. Streams count until their headers.
 */
export function timeWithoutRequests(requests: RecordedRequest[], from: number, to: number): number {
  const intervals = requests
    .map((r) => [Math.max(from, r.start), Math.min(to, r.end ?? r.headersAt ?? to)] as const)
    .filter(([start, end]) => end > start)
    .sort((a, b) => a[0] - b[0]);
  let busy = 0;
  let cursor = from;
  for (const [start, end] of intervals) {
    if (end <= cursor) continue;
    busy += end - Math.max(start, cursor);
    cursor = end;
  }
  return Math.max(0, to - from - busy);
}
