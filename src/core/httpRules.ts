/**
 * The HTTP rules every layer checks input against, written once: server URLs, header names and values, and
 * whether a set of headers already carries credentials.
 */

// RFC 9110 §5.6.2: a field name (and other protocol tokens) is a `token`.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// RFC 9110 §5.5: CR, LF and NUL are never allowed in a field value (fetch's Headers rejects them too).
const FORBIDDEN_IN_FIELD_VALUE = /[\r\n\0]/;

/** An RFC 9110 token: what an HTTP header name must be. */
export function isHttpToken(text: string): boolean {
  return TOKEN.test(text);
}

/** Whether `value` can be sent as a header value (no line break, no NUL). */
export function isSendableHeaderValue(value: string): boolean {
  return !FORBIDDEN_IN_FIELD_VALUE.test(value);
}

/** `url` as a URL when it is an absolute http: or https: URL, else undefined. */
export function parseHttpUrl(url: unknown): URL | undefined {
  if (typeof url !== 'string' && !(url instanceof URL)) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** The name of the Authorization header in `headers` as written (names are case-insensitive), if there is one. */
export function authorizationHeaderName(headers: Record<string, string> | undefined): string | undefined {
  return Object.keys(headers ?? {}).find((name) => name.toLowerCase() === 'authorization');
}
