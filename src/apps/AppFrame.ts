import { AppBridge, type McpUiHostContext } from '@modelcontextprotocol/ext-apps/app-bridge';
import type { Connection } from '../core/Connection';
import { DEFAULT_CLIENT_NAME } from '../core/connectionDefaults';
import { VERSION } from '../core/version';
import { McpUseError } from '../core/errors';
import { Subscribable } from '../core/subscribable';
import { toMcpUseError } from '../core/toMcpUseError';
import { serveAppRequests } from './appRequests';
import { sanitizeCsp } from './cspPolicy';
import { McpAppError } from './errors';
import { hostCapabilities, type McpAppCallbacks, serveHostCallbacks } from './hostCallbacks';
import { type AppPermission, allowAttribute, grantedPermissions } from './permissionPolicy';
import { type SandboxTransport, sandboxTransport } from './sandboxTransport';
import { sandboxFrameUrl } from './sandboxUrl';
import { type ToolData, ToolRun } from './toolRun';
import { findTool, readUiResource, type UiResource } from './uiResource';

export const DEFAULT_SANDBOX_TIMEOUT_MS = 10_000;
/** Height of the frame until the app reports its own. */
const INITIAL_HEIGHT_PX = 320;
/**
 * The proxy frame: scripts and its own origin (SEP-1865 "The Sandbox MUST have … allow-scripts,
 * allow-same-origin"), forms so the app's submit handlers run (its CSP still forbids submitting anywhere);
 * no popups, no top navigation, no downloads.
 */
const PROXY_FRAME_SANDBOX = 'allow-scripts allow-same-origin allow-forms';

export interface AppFrameOptions {
  connection: Connection;
  /** The element the frame goes into (emptied of nothing: the frame is appended, and removed on close). */
  container: HTMLElement;
  toolName: string;
  /** The sandbox proxy page (dist/sandbox-proxy.html) on an origin other than the page's. */
  sandboxUrl: string | URL;
  /** Browser features an app may be given if its resource asks for them. Default: none. */
  permissions?: readonly AppPermission[];
  hostContext: McpUiHostContext;
  callbacks: () => McpAppCallbacks;
  /** How long the proxy page may take to say it is ready. Default 10 s. */
  sandboxTimeoutMs?: number;
}

export interface AppFrameSnapshot {
  readonly status: 'loading' | 'ready' | 'failed';
  readonly error: McpUseError | undefined;
}

const LOADING: AppFrameSnapshot = { status: 'loading', error: undefined };

/**
 * One MCP App on the page, framework-free: the sandbox proxy frame, ext-apps' AppBridge over a pinned
 * PostMessageTransport, the app's requests answered through the Connection, and the tool call it shows. React
 * (McpAppFrame.tsx) creates one per mounted `<McpApp>` and pushes new props into it.
 */
export class AppFrame extends Subscribable {
  readonly #options: AppFrameOptions;
  readonly #frame: HTMLIFrameElement;
  readonly #bridge: AppBridge;
  readonly #run: ToolRun;
  #snapshot: AppFrameSnapshot = LOADING;
  #hostContext: McpUiHostContext;
  #transport: SandboxTransport | undefined;
  #resource: Promise<UiResource> | undefined;
  #resourceSent = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** The frame is gone (closed, or failed): nothing that still arrives is acted on. */
  #gone = false;
  /**
   * The capabilities object the bridge answers `ui/initialize` with. Its `sandbox` part (what was granted) is
   * known only once the resource is read, which is always before the app loads and asks.
   */
  readonly #capabilities: ReturnType<typeof hostCapabilities>;

  constructor(options: AppFrameOptions) {
    super();
    this.#options = options;
    const { connection, toolName } = options;
    const tool = connection.getSnapshot().tools.find((candidate) => candidate.name === toolName);
    // What ui/initialize answers with; a tool that is missing fails in start().
    this.#hostContext = { ...options.hostContext, ...(tool ? { toolInfo: { tool } } : {}) };
    this.#frame = document.createElement('iframe');
    // The app's calls go to this server only, so it may use them if the server has them.
    const server = connection.getSnapshot().capabilities;
    this.#capabilities = hostCapabilities(options.callbacks(), {
      ...(server?.tools ? { serverTools: {} } : {}),
      ...(server?.resources ? { serverResources: {} } : {}),
    });
    // No SDK client: every request of the app is answered by serveAppRequests, with the host's policy.
    this.#bridge = new AppBridge(null, { name: DEFAULT_CLIENT_NAME, version: VERSION }, this.#capabilities, {
      hostContext: this.#hostContext,
    });
    this.#run = new ToolRun(this.#bridge, options.connection, options.toolName, (error) =>
      options.callbacks().onError?.(error),
    );
  }

  getSnapshot = (): AppFrameSnapshot => this.#snapshot;

  /** Looks the tool up, reads its UI resource, loads the sandbox proxy and connects the bridge. */
  start(data: ToolData): void {
    try {
      this.#start(data);
    } catch (cause) {
      this.#fail(cause);
    }
  }

  /** New host context (theme, locale, size…): the app is told what changed, once it is initialized. */
  setHostContext(context: McpUiHostContext): void {
    this.#hostContext = {
      ...context,
      ...(this.#hostContext.toolInfo ? { toolInfo: this.#hostContext.toolInfo } : {}),
    };
    if (this.#snapshot.status === 'ready') this.#bridge.setHostContext(this.#hostContext);
  }

  setToolData(data: ToolData): void {
    if (!this.#gone) this.#run.update(data);
  }

  /**
   * Removes the frame. `ui/resource-teardown` is sent first, but not waited for: a component that unmounts
   * cannot keep its frame. (When the app itself asks to close, its answer is waited for; see onRequestTeardown.)
   */
  close(): void {
    if (this.#gone) return;
    this.#gone = true;
    clearTimeout(this.#timer);
    this.#run.stop();
    if (this.#snapshot.status === 'ready') this.#bridge.teardownResource({}).catch(() => undefined);
    void this.#bridge.close().catch(() => undefined);
    this.#transport?.dispose();
    this.#frame.remove();
  }

  #start(data: ToolData): void {
    const { connection, toolName, container } = this.#options;
    const frameUrl = sandboxFrameUrl(this.#options.sandboxUrl, window.location.origin);
    const tool = findTool(connection, toolName);
    this.#resource = readUiResource(connection, tool);
    this.#resource.catch((cause: unknown) => this.#fail(cause));
    this.#run.update(data); // the call starts now, alongside loading the app (SEP-1865 "Lifecycle")

    const frame = this.#frame;
    frame.setAttribute('sandbox', PROXY_FRAME_SANDBOX);
    // The proxy frame may delegate whatever the page allows; the app's own frame gets only what it asked for.
    const allowed = this.#options.permissions ?? [];
    const allow = allowAttribute(Object.fromEntries(allowed.map((permission) => [permission, {}])));
    if (allow) frame.setAttribute('allow', allow);
    frame.referrerPolicy = 'no-referrer';
    frame.title = tool.title ?? tool.name;
    frame.style.cssText = `display:block;width:100%;border:0;height:${this.#fixedHeight() ?? INITIAL_HEIGHT_PX}px`;
    container.append(frame);
    const frameWindow = frame.contentWindow;
    if (!frameWindow)
      throw new McpUseError('invalid_argument', 'The container of <McpApp> is not in the document');

    const log = (level: 'info' | 'warn', message: string) => connection.emitLog(level, message);
    serveAppRequests(this.#bridge, { connection, toolName, log });
    serveHostCallbacks(this.#bridge, {
      callbacks: this.#options.callbacks,
      hostContext: () => this.#hostContext,
      appModes: () => this.#bridge.getAppCapabilities()?.availableDisplayModes,
      resize: (size) => this.#resize(size),
      teardown: () =>
        this.#bridge.teardownResource({}).then(
          () => undefined,
          () => undefined,
        ),
      log,
    });
    this.#bridge.onloggingmessage = ({ level, data: entry }) =>
      log(
        level === 'error' || level === 'warning' ? 'warn' : 'info',
        `App of ${toolName}: ${String(typeof entry === 'string' ? entry : JSON.stringify(entry)).slice(0, 500)}`,
      );
    this.#bridge.onsandboxready = () => void this.#sendResource();
    this.#bridge.oninitialized = () => {
      if (this.#gone) return;
      this.#update({ status: 'ready', error: undefined });
      this.#bridge.setHostContext(this.#hostContext);
      this.#run.appInitialized();
    };

    this.#transport = sandboxTransport(frameWindow, frameUrl.origin);
    this.#timer = setTimeout(() => {
      if (!this.#resourceSent)
        this.#fail(
          new McpAppError(
            'sandbox_timeout',
            `The sandbox proxy at ${frameUrl.origin} did not answer within ${this.#timeoutMs()} ms`,
            { toolName },
          ),
        );
    }, this.#timeoutMs());
    this.#bridge.connect(this.#transport.transport).then(
      () => {
        if (!this.#gone) frame.src = frameUrl.href; // load only once the bridge listens for the proxy's ready
      },
      (cause: unknown) => this.#fail(cause),
    );
  }

  async #sendResource(): Promise<void> {
    if (this.#resourceSent || !this.#resource) return; // one app per proxy page
    this.#resourceSent = true;
    clearTimeout(this.#timer);
    const resource = await this.#resource.catch(() => undefined);
    if (!resource || this.#gone) return;
    const { csp, refused } = sanitizeCsp(resource.meta.csp);
    const { connection, toolName } = this.#options;
    if (refused.length > 0)
      connection.emitLog('warn', `CSP of ${resource.uri}: ignored ${refused.join(', ')}`);
    connection.emitLog('info', `Showing ${resource.uri} for ${toolName} (CSP ${JSON.stringify(csp)})`);
    const permissions = grantedPermissions(resource.meta.permissions, this.#options.permissions);
    this.#capabilities.sandbox = { permissions, csp };
    await this.#bridge.sendSandboxResourceReady({ html: resource.html, csp, permissions });
  }

  #fixedHeight(): number | undefined {
    const dimensions = this.#hostContext.containerDimensions;
    return dimensions && 'height' in dimensions ? dimensions.height : undefined;
  }

  #resize({ height }: { width?: number; height?: number }): void {
    if (this.#fixedHeight() !== undefined || typeof height !== 'number' || !Number.isFinite(height)) return;
    const dimensions = this.#hostContext.containerDimensions;
    const max = dimensions && 'maxHeight' in dimensions ? dimensions.maxHeight : undefined;
    this.#frame.style.height = `${Math.max(0, Math.ceil(max === undefined ? height : Math.min(height, max)))}px`;
  }

  #timeoutMs(): number {
    return this.#options.sandboxTimeoutMs ?? DEFAULT_SANDBOX_TIMEOUT_MS;
  }

  /** The frame is removed; the snapshot keeps saying why. */
  #fail(cause: unknown): void {
    if (this.#gone) return;
    const error = toMcpUseError(cause, {}, 'request');
    this.#options.connection.emitLog('error', error.message);
    this.close();
    this.#update({ status: 'failed', error });
    this.#options.callbacks().onError?.(error);
  }

  #update(next: AppFrameSnapshot): void {
    this.#snapshot = next;
    this.notify();
  }
}
