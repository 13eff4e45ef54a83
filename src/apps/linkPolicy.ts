/** Schemes an app may ask the host to open: web pages and mail (never `javascript:`, `data:`, `file:`, …). */
const OPENABLE_PROTOCOLS = new Set(['https:', 'http:', 'mailto:']);

/** The URL an `ui/open-link` request may open, or undefined when the host must refuse it. */
export function openableLink(url: unknown): URL | undefined {
  if (typeof url !== 'string' || url.length > 8_192) return undefined;
  const parsed = URL.canParse(url) ? new URL(url) : undefined;
  return parsed && OPENABLE_PROTOCOLS.has(parsed.protocol) ? parsed : undefined;
}
