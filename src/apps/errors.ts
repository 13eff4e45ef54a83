import { McpUseError, type McpUseErrorCode, type McpUseErrorDetails } from '../core/errors';

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

const CODE_OF: Record<McpAppErrorReason, McpUseErrorCode> = {
  tool_not_found: 'invalid_argument',
  no_ui_resource: 'invalid_argument',
  invalid_ui_resource: 'server_error',
  sandbox_url: 'invalid_config',
  sandbox_timeout: 'timeout',
  not_a_use_mcp_result: 'invalid_argument',
  request_refused: 'forbidden',
};

export class McpAppError extends McpUseError {
  readonly reason: McpAppErrorReason;
  /** The tool the app belongs to, when known. */
  readonly toolName?: string;

  constructor(
    reason: McpAppErrorReason,
    message: string,
    details: McpUseErrorDetails & { toolName?: string } = {},
  ) {
    super(CODE_OF[reason], message, details);
    this.reason = reason;
    if (details.toolName !== undefined) this.toolName = details.toolName;
  }
}
