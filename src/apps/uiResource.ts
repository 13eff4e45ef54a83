import { getToolUiResourceUri } from '@modelcontextprotocol/ext-apps/app-bridge';
import type { Connection } from '../core/Connection';
import type { ReadResourceResult, Tool } from '../core/types';
import { McpAppError } from './errors';
import { UI_MIME_TYPE } from './uiExtension';

/** The `ui://` resource of a tool: `_meta.ui.resourceUri`, or the deprecated flat `_meta["ui/resourceUri"]`. */
export function uiResourceUriOf(tool: Tool): string | undefined {
  try {
    return getToolUiResourceUri(tool);
  } catch {
    return undefined; // a URI that is not ui:// is no UI at all
  }
}

export function findTool(connection: Connection, name: string): Tool {
  const tool = connection.getSnapshot().tools.find((candidate) => candidate.name === name);
  if (!tool)
    throw new McpAppError('tool_not_found', `The server has no tool named ${JSON.stringify(name)}`, {
      toolName: name,
    });
  return tool;
}

export interface UiResource {
  uri: string;
  html: string;
  /** `_meta.ui` of the content (falling back to the listed resource's), as the server declared it. */
  meta: { csp?: unknown; permissions?: unknown; prefersBorder?: unknown };
}

function decodeBase64Utf8(blob: string): string {
  const bytes = Uint8Array.from(atob(blob), (char) => char.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

/** Reads a tool's UI resource and checks it is what SEP-1865 says it must be. */
export async function readUiResource(connection: Connection, tool: Tool): Promise<UiResource> {
  const uri = uiResourceUriOf(tool);
  if (!uri)
    throw new McpAppError(
      'no_ui_resource',
      `The tool ${JSON.stringify(tool.name)} declares no ui:// resource`,
      {
        toolName: tool.name,
      },
    );
  const invalid = (why: string) =>
    new McpAppError('invalid_ui_resource', `The UI resource ${uri} ${why}`, { toolName: tool.name });
  const read: ReadResourceResult = await connection.readResource(uri);
  const content = read.contents.find((item) => item.uri === uri) ?? read.contents[0];
  if (!content) throw invalid('is empty');
  // "mimeType MUST be text/html;profile=mcp-app"; parameters are compared without spaces or case.
  if (content.mimeType?.replace(/\s+/g, '').toLowerCase() !== UI_MIME_TYPE)
    throw invalid(`is not ${UI_MIME_TYPE}`);
  const html = 'text' in content ? content.text : decodeBase64Utf8(content.blob);
  if (typeof html !== 'string' || html.trim() === '') throw invalid('holds no HTML');
  const listed = connection.getSnapshot().resources.find((resource) => resource.uri === uri);
  const meta = (content._meta?.ui ?? listed?._meta?.ui ?? {}) as UiResource['meta'];
  return { uri, html, meta };
}
