/**
 * Human-readable renderings of MCP results, for every content type a server sends (text, image, audio, embedded
 * resources, resource links, structured content); `--json` prints the results themselves instead. Binary data
 * never reaches the terminal: it is described, or written to files with `--save DIR` (saveContent.ts).
 */
import type {
  CallToolResult,
  ContentBlock,
  GetPromptResult,
  ReadResourceResult,
  Tool,
} from '../../core/types';
import { type Binary, saveBinaries } from './saveContent';

type ResourceContents = ReadResourceResult['contents'][number];

/** Bytes of base64 data, without decoding it. */
function base64Bytes(data: string): number {
  const padding = data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0;
  return Math.max(0, Math.floor((data.length * 3) / 4) - padding);
}

/** Where the binary items of a result were saved (`--save`), by item. */
export type SavedFiles = Map<object, string>;

const blobOf = (contents: ResourceContents): string | undefined =>
  'blob' in contents && typeof contents.blob === 'string' ? contents.blob : undefined;

/** A note for binary data: where it was saved, or how to get it. */
function binaryNote(what: string, data: string, item: object, saved: SavedFiles | undefined): string {
  const path = saved?.get(item);
  return `[${what}, ${base64Bytes(data)} bytes${path ? ` saved to ${path}` : '; --save DIR writes it to a file'}]`;
}

function renderContents(contents: ResourceContents, saved: SavedFiles | undefined): string {
  const blob = blobOf(contents);
  if (blob === undefined) return 'text' in contents && typeof contents.text === 'string' ? contents.text : '';
  return binaryNote(`${contents.mimeType ?? 'binary'} ${contents.uri}`, blob, contents, saved);
}

export function renderContentItem(item: ContentBlock, saved?: SavedFiles): string {
  switch (item.type) {
    case 'text':
      return item.text;
    case 'image':
    case 'audio':
      return binaryNote(`${item.type} ${item.mimeType}`, item.data, item, saved);
    case 'resource_link': {
      const details = [item.name && item.name !== item.uri ? item.name : '', item.mimeType ?? '']
        .filter(Boolean)
        .join(', ');
      const description = item.description ? ` — ${item.description}` : '';
      return `[link ${item.uri}${details ? ` (${details})` : ''}${description}; read it with resources read]`;
    }
    case 'resource': {
      const { resource } = item;
      if (blobOf(resource) !== undefined) return renderContents(resource, saved);
      return `[resource ${resource.uri}${resource.mimeType ? ` ${resource.mimeType}` : ''}]\n${renderContents(resource, saved)}`;
    }
    default:
      return JSON.stringify(item);
  }
}

/**
 * The text of a tool result: its content items, then its structured content when no text item carries it
 * (a tool that follows the spec's advice repeats it as JSON text; one that does not would show nothing).
 */
export function renderToolResult(result: CallToolResult, saved?: SavedFiles): string {
  const items = result.content ?? [];
  const parts = items.map((item) => renderContentItem(item, saved));
  if (result.structuredContent !== undefined && !items.some((item) => item.type === 'text')) {
    parts.push(JSON.stringify(result.structuredContent, null, 2));
  }
  return parts.join('\n');
}

export function renderPromptResult(result: GetPromptResult, saved?: SavedFiles): string {
  const lines = result.description ? [result.description, ''] : [];
  for (const message of result.messages) {
    lines.push(`[${message.role}] ${renderContentItem(message.content as ContentBlock, saved)}`);
  }
  return lines.join('\n');
}

/** Text contents as they are; binary ones as a note (raw bytes would garble a terminal). */
export function renderResource(result: ReadResourceResult, saved?: SavedFiles): string {
  return result.contents.map((contents) => renderContents(contents, saved)).join('\n');
}

/** The binary items of tool content, prompt messages or resource contents, each with what names it. */
function binariesOf(items: readonly (ContentBlock | ResourceContents)[]): [object, Binary][] {
  const found: [object, Binary][] = [];
  for (const item of items) {
    if ('type' in item && (item.type === 'image' || item.type === 'audio')) {
      found.push([item, { data: item.data, mimeType: item.mimeType }]);
      continue;
    }
    const contents = 'type' in item ? (item.type === 'resource' ? item.resource : undefined) : item;
    const blob = contents ? blobOf(contents) : undefined;
    if (contents && blob !== undefined) {
      found.push([
        contents,
        { data: blob, uri: contents.uri, ...(contents.mimeType ? { mimeType: contents.mimeType } : {}) },
      ]);
    }
  }
  return found;
}

/** `--save DIR`: writes the binary items to files in `dir`, named after `stem`; what was saved where. */
export function saveResultFiles(
  dir: string | undefined,
  stem: string,
  items: readonly (ContentBlock | ResourceContents)[],
): SavedFiles | undefined {
  if (dir === undefined) return undefined;
  const binaries = binariesOf(items);
  const paths = saveBinaries(
    dir,
    stem,
    binaries.map(([, binary]) => binary),
  );
  return new Map(binaries.map(([item], index) => [item, paths[index]!]));
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
