import type {
  AppBridge,
  McpUiDisplayMode,
  McpUiDownloadFileRequest,
  McpUiHostCapabilities,
  McpUiHostContext,
  McpUiMessageRequest,
  McpUiUpdateModelContextRequest,
} from '@modelcontextprotocol/ext-apps/app-bridge';
import type { McpUseError } from '../core/errors';
import { openableLink } from './linkPolicy';

/** `false` (or a throw, or a promise of either) refuses the request; anything else accepts it. */
type Verdict = unknown;

/** What the app may ask of the page. Each has a safe default, used when the callback is left out. */
export interface McpAppCallbacks {
  /**
   * The app asks to open a link. Only https, http and mailto URLs get here (others are refused first).
   * Default: a new tab, without opener or referrer.
   */
  onOpenLink?: (url: URL) => Verdict;
  /** The app asks to add a message to the conversation (`ui/message`). Default: refused. */
  onMessage?: (message: McpUiMessageRequest['params']) => Verdict;
  /** The app tells the model what it shows (`ui/update-model-context`). Default: accepted, kept nowhere. */
  onModelContextUpdate?: (context: McpUiUpdateModelContextRequest['params']) => void | Promise<void>;
  /** The app asks to download files (`ui/download-file`). Default: refused. */
  onDownloadFile?: (request: McpUiDownloadFileRequest['params']) => Verdict;
  /** The app's content changed size. Default: the frame's height follows it (within the container's bounds). */
  onSizeChange?: (size: { width?: number; height?: number }) => void;
  /** The app asks for another display mode; resolve with the mode it is in now. Default: it stays as it is. */
  onRequestDisplayMode?: (mode: McpUiDisplayMode) => McpUiDisplayMode | Promise<McpUiDisplayMode>;
  /** The app asks to be closed; called once it has answered `ui/resource-teardown`. Default: nothing happens. */
  onRequestTeardown?: () => void;
  /** Showing the app, or the tool call it shows, failed. */
  onError?: (error: McpUseError) => void;
}

export interface HostCallbackContext {
  callbacks: () => McpAppCallbacks;
  hostContext: () => McpUiHostContext;
  /** Display modes the app declared in `ui/initialize`, if it did. */
  appModes: () => readonly McpUiDisplayMode[] | undefined;
  resize: (size: { width?: number; height?: number }) => void;
  teardown: () => Promise<void>;
  log: (level: 'info' | 'warn', message: string) => void;
}

const refused = { isError: true } as const;

async function verdict(run: () => Verdict): Promise<{ isError?: true }> {
  try {
    return (await run()) === false ? refused : {};
  } catch {
    return refused;
  }
}

const openInNewTab = (url: URL) => {
  window.open(url.href, '_blank', 'noopener,noreferrer');
};

/** What the page declares it can do for the app: only what a callback (or a default) really does. */
export function hostCapabilities(
  callbacks: McpAppCallbacks,
  extra: McpUiHostCapabilities,
): McpUiHostCapabilities {
  return {
    openLinks: {},
    logging: {},
    ...(callbacks.onMessage ? { message: { text: {} } } : {}),
    ...(callbacks.onModelContextUpdate ? { updateModelContext: { text: {}, structuredContent: {} } } : {}),
    ...(callbacks.onDownloadFile ? { downloadFile: {} } : {}),
    ...extra,
  };
}

/** Wires the app's requests to the page's callbacks, with the link policy in front of `onOpenLink`. */
export function serveHostCallbacks(bridge: AppBridge, context: HostCallbackContext): void {
  const { callbacks, log } = context;
  bridge.onopenlink = async ({ url }) => {
    const link = openableLink(url);
    if (!link) {
      log(
        'warn',
        `Refused to open a link that is not https, http or mailto: ${JSON.stringify(String(url).slice(0, 200))}`,
      );
      return refused;
    }
    return verdict(() => (callbacks().onOpenLink ?? openInNewTab)(link));
  };
  bridge.onmessage = async (message) => {
    const onMessage = callbacks().onMessage;
    return onMessage ? verdict(() => onMessage(message)) : refused;
  };
  bridge.onupdatemodelcontext = async (update) => {
    await callbacks().onModelContextUpdate?.(update);
    return {};
  };
  bridge.ondownloadfile = async (request) => {
    const onDownloadFile = callbacks().onDownloadFile;
    return onDownloadFile ? verdict(() => onDownloadFile(request)) : refused;
  };
  bridge.onrequestdisplaymode = async ({ mode }) => {
    const current = context.hostContext().displayMode ?? 'inline';
    const offered = context.hostContext().availableDisplayModes;
    const declared = context.appModes();
    // The host "MUST NOT switch the View to a display mode that does not appear in its availableDisplayModes".
    if ((declared && !declared.includes(mode)) || (offered && !offered.includes(mode)))
      return { mode: current };
    const onRequestDisplayMode = callbacks().onRequestDisplayMode;
    return { mode: onRequestDisplayMode ? await onRequestDisplayMode(mode) : current };
  };
  bridge.onsizechange = (size) => {
    const onSizeChange = callbacks().onSizeChange;
    if (onSizeChange) onSizeChange(size);
    else context.resize(size);
  };
  bridge.onrequestteardown = () => {
    void context.teardown().then(() => callbacks().onRequestTeardown?.());
  };
}
