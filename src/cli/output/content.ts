/** Human-readable renderings of MCP results; `--json` prints the results themselves instead. */
import type { CallToolResult, GetPromptResult, ReadResourceResult, Tool } from '../../core/types';

type ContentItem = CallToolResult['content'][number];

/** Bytes of base64 data, without decoding it. */
function base64Bytes(data: string): number {
  const padding = data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0;
  return Math.max(0, Math.floor((data.length * 3) / 4) - padding);
}

export function renderContentItem(item: ContentItem): string {
  switch (item.type) {
    case 'text':
      return item.text;
    case 'image':
    case 'audio':
      return `[${item.type} ${item.mimeType}, ${base64Bytes(item.data)} bytes; use --json for the data]`;
    case 'resource_link':
      return `[resource ${item.uri}${item.name ? ` (${item.name})` : ''}]`;
    case 'resource': {
      const resource = item.resource;
      if ('text' in resource && typeof resource.text === 'string') return resource.text;
      const blob = 'blob' in resource && typeof resource.blob === 'string' ? resource.blob : '';
      return `[resource ${resource.uri}${resource.mimeType ? ` ${resource.mimeType}` : ''}, ${base64Bytes(blob)} bytes; use --json for the data]`;
    }
    default:
      return JSON.stringify(item);
  }
}

/** The text of a tool result: its content items, or its structured content when it has no content. */
export function renderToolResult(result: CallToolResult): string {
  const parts = (result.content ?? []).map(renderContentItem);
  if (parts.length === 0 && result.structuredContent !== undefined) {
    return JSON.stringify(result.structuredContent, null, 2);
  }
  return parts.join('\n');
}

export function renderPromptResult(result: GetPromptResult): string {
  const lines = result.description ? [result.description, ''] : [];
  for (const message of result.messages) {
    lines.push(`[${message.role}] ${renderContentItem(message.content as ContentItem)}`);
  }
  return lines.join('\n');
}

/** Text contents as they are; binary ones as a note (raw bytes would garble a terminal). */
export function renderResource(result: ReadResourceResult): string {
  return result.contents
    .map((content) =>
      'text' in content && typeof content.text === 'string'
        ? content.text
        : `[${content.mimeType ?? 'binary'} ${content.uri}, ${base64Bytes(String((content as { blob?: string }).blob ?? ''))} bytes; use --json for the data]`,
    )
    .join('\n');
}

interface SchemaProperty {
  type?: string | string[];
  description?: string;
  enum?: unknown[];
}

export interface ToolArgument {
  name: string;
  type: string;
  required: boolean;
  description?: string;
}

/** The top-level arguments of a tool's input schema, required ones first. */
export function toolArguments(tool: Tool): ToolArgument[] {
  const schema = tool.inputSchema as { properties?: Record<string, SchemaProperty>; required?: string[] };
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {})
    .map(([name, property]) => ({
      name,
      type: property.enum
        ? property.enum.map((value) => JSON.stringify(value)).join('|')
        : Array.isArray(property.type)
          ? property.type.join('|')
          : (property.type ?? 'any'),
      required: required.has(name),
      ...(property.description ? { description: property.description } : {}),
    }))
    .sort((a, b) => Number(b.required) - Number(a.required));
}

export function renderToolDescription(tool: Tool): string {
  const lines = [tool.name];
  if (tool.title && tool.title !== tool.name) lines.push(`  ${tool.title}`);
  if (tool.description) lines.push(`  ${tool.description}`);
  const args = toolArguments(tool);
  lines.push('', args.length ? 'Arguments:' : 'Arguments: none');
  const width = Math.max(0, ...args.map((arg) => arg.name.length));
  const typeWidth = Math.max(0, ...args.map((arg) => arg.type.length));
  for (const arg of args) {
    const parts = [
      `  ${arg.name.padEnd(width)}`,
      arg.type.padEnd(typeWidth),
      arg.required ? 'required' : 'optional',
      arg.description ?? '',
    ];
    lines.push(parts.join('  ').trimEnd());
  }
  return lines.join('\n');
}
