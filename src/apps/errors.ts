import { McpUseError, type McpUseErrorDetails } from '../core/errors';

/**
 * Why an MCP App could not be shown, or why a request it made was refused. `code` is the package-wide class of
 * the failure (so code that handles every McpUseError keeps working); `reason` says exactly what went wrong.
 */
export const MCP_APP_ERROR_REASONS = {
  /** The tool is not in the server's tool list. */
  TOOL_NOT_FOUND: 'tool_not_found',
  /** The tool declares no `_meta.ui.resourceUri` (nor the legacy `ui/resourceUri`). */
  NO_UI_RESOURCE: 'no_ui_resource',
  /** The `ui://` resource is missing, not `text/html;profile=mcp-app`, or holds no HTML. */
  INVALID_UI_RESOURCE: 'invalid_ui_resource',
  /** The sandbox proxy URL is not http(s), or is on the page's own origin (SEP-1865 requires another). */
  SANDBOX_URL: 'sandbox_url',
  /** The sandbox proxy never said it was ready: wrong URL, or it refuses to be embedded by this origin. */
  SANDBOX_TIMEOUT: 'sandbox_timeout',
  /** `mcp` is not a result of `useMcp` (a copy loses the connection behind it). */
  NOT_A_USE_MCP_RESULT: 'not_a_use_mcp_result',
  /** The app asked for something the host does not allow it (a model-only tool, an undeclared resource…). */
  REQUEST_REFUSED: 'request_refused',
} as const;

export type McpAppErrorReason = (typeof MCP_APP_ERROR_REASONS)[keyof typeof MCP_APP_ERROR_REASONS];

/** The codes of MCP Apps errors, one per reason (the layer owns its codes: see core/errors.ts). */
export const AppsErrorCode = {
  appToolNotFound: 'app_tool_not_found',
  appNoUiResource: 'app_no_ui_resource',
  appInvalidUiResource: 'app_invalid_ui_resource',
  appSandboxUrl: 'app_sandbox_url',
  appSandboxTimeout: 'app_sandbox_timeout',
  appNotAUseMcpResult: 'app_not_a_use_mcp_result',
  appRequestRefused: 'app_request_refused',
} as const satisfies Record<string, `app_${McpAppErrorReason}`>;
export type AppsErrorCode = (typeof AppsErrorCode)[keyof typeof AppsErrorCode];

declare module '../core/errors' {
  interface McpUseErrorCodes extends Record<AppsErrorCode, true> {}
}

export class McpAppError extends McpUseError {
  readonly reason: McpAppErrorReason;
  /** The tool the app belongs to, when known. */
  readonly toolName?: string;

  constructor(
    reason: McpAppErrorReason,
    message: string,
    details: McpUseErrorDetails & { toolName?: string } = {},
  ) {
    super(`app_${reason}` as AppsErrorCode, message, details);
    this.reason = reason;
    if (details.toolName !== undefined) this.toolName = details.toolName;
  }
}
