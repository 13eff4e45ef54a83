/**
 * The MCP Apps extension as the protocol names it (SEP-1865, `io.modelcontextprotocol/ui`). Kept here rather than
 * imported from `@modelcontextprotocol/ext-apps`: `useMcp` advertises it, and its first chunk must not load the
 * ext-apps bundle for two strings.
 */
export const UI_EXTENSION_ID = 'io.modelcontextprotocol/ui';

/** The one content type MCP Apps define (SEP-1865 "UI Resource Format"). */
export const UI_MIME_TYPE = 'text/html;profile=mcp-app';

/** What a client declares under `capabilities.extensions` when it renders MCP Apps. */
export function uiExtensionCapability(): Record<string, { mimeTypes: string[] }> {
  return { [UI_EXTENSION_ID]: { mimeTypes: [UI_MIME_TYPE] } };
}
