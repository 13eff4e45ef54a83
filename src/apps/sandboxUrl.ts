import { McpAppError } from './errors';
import { HOST_ORIGIN_PARAM } from './sandbox/proxyProtocol';

/**
 * The URL the proxy iframe loads: the app's sandbox proxy page, told which origin embeds it. Refuses a URL that
 * is not http(s) or that is on the page's own origin: SEP-1865 requires the host and the sandbox to have
 * different origins, or the app would run with the page's cookies, storage and DOM.
 */
export function sandboxFrameUrl(proxyUrl: string | URL, hostOrigin: string): URL {
  const text = String(proxyUrl);
  const url = URL.canParse(text, hostOrigin) ? new URL(text, hostOrigin) : undefined;
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:'))
    throw new McpAppError(
      'sandbox_url',
      `The sandbox proxy URL is not an http(s) URL: ${JSON.stringify(text)}`,
    );
  if (url.origin === hostOrigin)
    throw new McpAppError(
      'sandbox_url',
      `The sandbox proxy must be served from another origin than the page (${hostOrigin}); see "Sandbox proxy" in the README`,
    );
  url.searchParams.set(HOST_ORIGIN_PARAM, hostOrigin);
  return url;
}
