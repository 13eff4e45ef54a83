import type {
  McpUiDisplayMode,
  McpUiHostContext,
  McpUiTheme,
} from '@modelcontextprotocol/ext-apps/app-bridge';
import { type CSSProperties, lazy, type ReactNode, Suspense } from 'react';
import type { McpAppCallbacks } from '../apps/hostCallbacks';
import type { AppPermission } from '../apps/permissionPolicy';
import type { ToolData } from '../apps/toolRun';
import type { McpUseError } from '../core/errors';
import type { UseMcpResult } from './useMcp';

export interface McpAppProps extends McpAppCallbacks, ToolData {
  /** The `useMcp` result of the server whose app this is (create it with `apps: true`). */
  mcp: UseMcpResult;
  /** The tool whose `_meta.ui.resourceUri` names the app. */
  tool: string;
  /**
   * The sandbox proxy page (`mcp-use/sandbox-proxy.html`), served from an origin other than this page's. See
   * "Sandbox proxy" in the README.
   */
  sandbox: string | URL;
  /** Browser features an app may have if its resource asks for them (camera, microphone…). Default: none. */
  permissions?: readonly AppPermission[];
  theme?: McpUiTheme;
  /** BCP 47, e.g. `en-GB`. */
  locale?: string;
  /** IANA time zone, e.g. `Europe/Paris`. */
  timeZone?: string;
  displayMode?: McpUiDisplayMode;
  availableDisplayModes?: McpUiDisplayMode[];
  /** The space the app has: a fixed `height`/`width`, or `maxHeight`/`maxWidth` it may grow to. */
  containerDimensions?: McpUiHostContext['containerDimensions'];
  /** Further host context fields (styles, platform, safe-area insets…), sent as they are. */
  hostContext?: McpUiHostContext;
  /** How long the sandbox proxy may take to answer, in milliseconds. Default 10 000. */
  sandboxTimeoutMs?: number;
  /** Shown while the app loads. */
  fallback?: ReactNode;
  /** Shown when the app cannot be shown. Default: the error's message, as text. */
  renderError?: (error: McpUseError) => ReactNode;
  className?: string;
  style?: CSSProperties;
}

// The bridge, ext-apps and the sandbox wiring load only when an app is first rendered. Marked pure so that a
// bundle that imports `useMcp` alone drops this line, and with it the dynamic import and every byte behind it.
const McpAppFrame = /* @__PURE__ */ lazy(() =>
  import('./McpAppFrame').then((module) => ({ default: module.McpAppFrame })),
);

/**
 * Shows a server's MCP App (SEP-1865) for one tool call: `<McpApp mcp={mcp} tool="name" input={{…}} sandbox={url} />`
 * calls the tool and feeds the app its input and result; with `result`, it shows a call already made.
 */
export function McpApp(props: McpAppProps): ReactNode {
  return (
    <Suspense fallback={props.fallback ?? null}>
      <McpAppFrame {...props} />
    </Suspense>
  );
}
