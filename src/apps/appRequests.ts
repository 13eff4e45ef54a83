import type { AppBridge } from '@modelcontextprotocol/ext-apps/app-bridge';
import type { Connection } from '../core/Connection';
import { McpAppError } from './errors';
import { mayAppRead } from './resourceAccess';
import { isAppCallable } from './toolVisibility';

export interface AppRequestContext {
  connection: Connection;
  toolName: string;
  log: (level: 'info' | 'warn', message: string) => void;
}

/**
 * Answers what the app asks of its server, through the page's own Connection: the user's sign-in, tokens and
 * step-up apply to the app's calls as to the page's, and no token ever reaches the frame (it only sees results).
 * Handlers are registered one by one instead of handing AppBridge an SDK client, because the host must also refuse
 * some requests: tools whose visibility excludes `"app"` (SEP-1865 "Visibility"), and resources the server never
 * declared (resourceAccess.ts). Every request is logged ("Log View-initiated RPC calls for security review").
 */
export function serveAppRequests(bridge: AppBridge, context: AppRequestContext): void {
  const { connection, toolName, log } = context;
  const refuse = (message: string): never => {
    log('warn', `Refused the app of ${toolName}: ${message}`);
    throw new McpAppError('request_refused', message, { toolName });
  };

  bridge.oncalltool = async (params, extra) => {
    const tool = connection.getSnapshot().tools.find((candidate) => candidate.name === params.name);
    if (!tool) return refuse(`no tool named ${JSON.stringify(params.name)}`);
    if (!isAppCallable(tool)) return refuse(`the tool ${JSON.stringify(params.name)} is not visible to apps`);
    log('info', `The app of ${toolName} calls ${params.name}`);
    return connection.callTool(params.name, params.arguments ?? {}, { signal: extra.mcpReq.signal });
  };
  bridge.onreadresource = async (params, extra) => {
    if (!mayAppRead(params.uri, connection.getSnapshot()))
      return refuse(`the server does not declare the resource ${JSON.stringify(params.uri)}`);
    log('info', `The app of ${toolName} reads ${params.uri}`);
    return connection.readResource(params.uri, { signal: extra.mcpReq.signal });
  };
  bridge.onlistresources = async (_params, extra) => ({
    resources: await connection.listResources({ signal: extra.mcpReq.signal }),
  });
  bridge.onlistresourcetemplates = async (_params, extra) => ({
    resourceTemplates: await connection.listResourceTemplates({ signal: extra.mcpReq.signal }),
  });
  bridge.onlistprompts = async (_params, extra) => ({
    prompts: await connection.listPrompts({ signal: extra.mcpReq.signal }),
  });
  // AppBridge has no setter for prompts/get; the method is a standard one, so the SDK knows its schema.
  bridge.setRequestHandler('prompts/get', async (request, extra) =>
    connection.getPrompt(request.params.name, request.params.arguments ?? {}, {
      signal: extra.mcpReq.signal,
    }),
  );
}
