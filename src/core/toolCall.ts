import {
  type CallToolResult,
  type Client,
  type Task,
  UrlElicitationRequiredError,
} from '@modelcontextprotocol/client';
import { TaskUnsupportedError } from './errors';
import type { RequestOptions } from './liveClient';
import type { ConnectionOptions, ProtocolEra, Tool, ToolCallOptions } from './types';
import type { ErrorContext } from './toMcpUseError';

/** What a tool call needs to know about the connection it goes over. */
export interface ToolCallContext {
  tool: Tool | undefined;
  era: ProtocolEra | undefined;
  onElicitation: ConnectionOptions['onElicitation'];
  context: ErrorContext;
}

export interface ToolCall {
  name: string;
  args: Record<string, unknown>;
  options: ToolCallOptions;
}

/**
 * Whether a call goes as a task (MCP 2025-11-25 tasks): only where the server offers tasks for tool calls, and
 * then when the tool requires one, or offers one and the caller asked (`task`, unless `false`).
 */
export function runsAsTask(client: Client, tool: Tool | undefined, task: ToolCallOptions['task']): boolean {
  if (task === false || !client.getServerCapabilities()?.tasks?.requests?.tools?.call) return false;
  const support = tool?.execution?.taskSupport;
  return support === 'required' || (support === 'optional' && task !== undefined);
}

/**
 * What a `tools/call` takes besides the arguments: the tool's definition (for the SDK's output validation) and,
 * on a 2026-07-28 connection, the `x-mcp-header` arguments mirrored into `Mcp-Param-*` headers (SEP-2243). Few
 * tools declare one, so the mirroring code loads only for a tool whose schema names the keyword.
 */
async function toolCallExtras(
  tool: Tool | undefined,
  era: ProtocolEra | undefined,
  args: Record<string, unknown>,
): Promise<{ toolDefinition?: Tool; headers: Record<string, string> }> {
  if (!tool) return { headers: {} };
  if (era !== 'modern' || !JSON.stringify(tool.inputSchema ?? {}).includes('x-mcp-header'))
    return { toolDefinition: tool, headers: {} };
  const { mcpParamHeaders } = await import('./mcpParamHeaders');
  return { toolDefinition: tool, headers: mcpParamHeaders(tool.inputSchema, args) };
}

/** The SDK request options of one call: the connection's (signal, timeout), progress, and the tool's extras. */
async function sendOptions(call: ToolCall, at: ToolCallContext, request: RequestOptions) {
  const { onProgress } = call.options;
  return {
    ...request,
    ...(await toolCallExtras(at.tool, at.era, call.args)),
    // MCP progress: a server that keeps reporting is still working, so each report restarts the timeout.
    ...(onProgress ? { onprogress: onProgress, resetTimeoutOnProgress: true } : {}),
  };
}

/**
 * Starts the call as a task and resolves with the task as soon as the server has created it. A tool or server
 * that runs no tasks gets nothing sent (MCP: the client MUST NOT ask for one there).
 */
export async function startToolTask(
  client: Client,
  call: ToolCall,
  at: ToolCallContext,
  request: RequestOptions,
): Promise<Task> {
  if (!runsAsTask(client, at.tool, call.options.task ?? true))
    throw new TaskUnsupportedError(call.name, at.context);
  return (await import('./toolTask')).createTask(client, call, await sendOptions(call, at, request));
}

/**
 * Calls a tool and resolves with its final result: as a plain call, or as a task followed to its end. A server
 * that answers -32042 (URL elicitation required) has its URLs shown through `onElicitation`; once each is
 * accepted, the call is sent once more. Tasks and URL elicitations are loaded on first use, so an app that never
 * meets one does not ship it.
 */
export async function callTool(
  client: Client,
  call: ToolCall,
  at: ToolCallContext,
  request: RequestOptions,
): Promise<CallToolResult> {
  const attempt = async (): Promise<CallToolResult> =>
    runsAsTask(client, at.tool, call.options.task)
      ? (await import('./toolTask')).runToolTask(client, call, at.tool, await sendOptions(call, at, request))
      : (client.callTool(
          { name: call.name, arguments: call.args },
          await sendOptions(call, at, request),
        ) as Promise<CallToolResult>);
  try {
    return await attempt();
  } catch (error) {
    if (!(error instanceof UrlElicitationRequiredError) || !at.onElicitation) throw error;
    const { acceptedAll } = await import('./urlElicitation');
    if (!(await acceptedAll(client, error.elicitations, at.onElicitation))) throw error;
    return attempt();
  }
}
