/**
 * SEP-2243 (MCP 2026-07-28, Streamable HTTP "custom headers from tool parameters"): a tool argument whose schema
 * carries `x-mcp-header: Name` is mirrored into an `Mcp-Param-Name` request header on `tools/call`. The SDK does
 * this itself everywhere but in browsers, and exports none of it, so the connection builds the headers here.
 */

import { isHttpToken } from './httpRules';

const HEADER_PREFIX = 'Mcp-Param-';
const MIRRORED_TYPES = new Set(['string', 'integer', 'boolean']);
const BASE64_OPEN = '=?base64?';
const BASE64_CLOSE = '?=';

interface Declaration {
  path: string[];
  header: string;
}

type Schema = Record<string, unknown>;

const isSchema = (value: unknown): value is Schema => typeof value === 'object' && value !== null;

/**
 * The declarations of a tool's input schema, or undefined when the schema declares headers the spec forbids
 * (then nothing is mirrored). Only properties reached through a chain of `properties` keys may declare one.
 */
export function headerDeclarations(inputSchema: unknown): Declaration[] | undefined {
  const found: Declaration[] = [];
  const names = new Set<string>();
  let valid = true;
  const visit = (schema: Schema, path: string[]) => {
    const header = schema['x-mcp-header'];
    if (header !== undefined) {
      const type = schema.type;
      const lower = typeof header === 'string' ? header.toLowerCase() : '';
      if (
        path.length === 0 ||
        typeof header !== 'string' ||
        !isHttpToken(header) ||
        typeof type !== 'string' ||
        !MIRRORED_TYPES.has(type) ||
        names.has(lower)
      ) {
        valid = false;
        return;
      }
      names.add(lower);
      found.push({ path, header });
    }
    if (isSchema(schema.properties)) {
      for (const [key, child] of Object.entries(schema.properties))
        if (isSchema(child)) visit(child, [...path, key]);
    }
  };
  if (isSchema(inputSchema)) visit(inputSchema, []);
  return valid ? found : undefined;
}

function asHeaderText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  return undefined;
}

/** Values a header cannot carry as they are (empty, padded, non-ASCII, control characters) go base64-wrapped. */
function encode(text: string): string {
  const plain =
    text.length > 0 &&
    text === text.trim() &&
    !(text.startsWith(BASE64_OPEN) && text.endsWith(BASE64_CLOSE)) &&
    /^[\t\x20-\x7e]*$/.test(text);
  if (plain) return text;
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `${BASE64_OPEN}${btoa(binary)}${BASE64_CLOSE}`;
}

/** The `Mcp-Param-*` headers for one call; arguments that are absent or null send no header. */
export function mcpParamHeaders(inputSchema: unknown, args: Record<string, unknown>): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const { path, header } of headerDeclarations(inputSchema) ?? []) {
    let value: unknown = args;
    for (const key of path) value = isSchema(value) ? value[key] : undefined;
    const text = value === null || value === undefined ? undefined : asHeaderText(value);
    if (text !== undefined) headers[`${HEADER_PREFIX}${header}`] = encode(text);
  }
  return headers;
}
