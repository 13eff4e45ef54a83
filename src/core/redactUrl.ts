/**
 * Server URLs sometimes carry credentials: `https://user:pass@host/mcp`, `?api_key=…`, Azure Functions'
 * `?code=…`, a signed URL's `X-Amz-Signature=…`. The connection needs them, but a message, a log line or a
 * listing that shows the URL would hand them to whoever reads it next (a terminal recording, a bug report, a log
 * collector). So everything shown to a person — error messages, log entries, the CLI's session list — shows the
 * URL with those parts masked. The masking works on the text, without parsing or normalising the rest, so a
 * message reads exactly as before apart from the secret.
 */

const MASK = '***';

/**
 * Query and fragment parameters whose names (compared in lower case, without `-`, `_`, `.` or spaces) end with
 * one of these hold a credential: `api_key`, `apiKey`, `x-api-key`, `access_token`, `client_secret`,
 * `X-Amz-Signature`, `X-Amz-Security-Token`, `oauth_token`, `password`, `sessionToken`…
 */
const CREDENTIAL_SUFFIXES = [
  'key',
  'token',
  'secret',
  'password',
  'passwd',
  'signature',
  'credential',
  'credentials',
  'auth',
  'authorization',
  'session',
  'cookie',
];
/** Short names that are credentials on their own, but too short to match as an ending (`zipcode`, `hashsig`). */
const CREDENTIAL_NAMES = new Set(['sig', 'pass', 'pwd', 'code', 'jwt', 'sessionid', 'bearer']);

/** Whether a URL parameter (or header) of this name holds a credential, by the lists above. */
export function isCredentialName(name: string): boolean {
  let decoded = name;
  try {
    decoded = decodeURIComponent(name.replaceAll('+', ' '));
  } catch {
    // A malformed escape: judge the name as written.
  }
  const normalized = decoded.toLowerCase().replace(/[-_. ]/g, '');
  return (
    CREDENTIAL_NAMES.has(normalized) || CREDENTIAL_SUFFIXES.some((suffix) => normalized.endsWith(suffix))
  );
}

/** `a=1&api_key=s3cret` → `a=1&api_key=***`; a parameter without a value is left alone. */
function redactParameters(text: string): string {
  return text
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      if (equals <= 0 || equals === pair.length - 1) return pair;
      const name = pair.slice(0, equals);
      return isCredentialName(name) ? `${name}=${MASK}` : pair;
    })
    .join('&');
}

/**
 * The URL with its credentials masked: the whole userinfo (`https://***@host/…`: a token is often sent as the
 * user name), and the values of query and fragment parameters whose names look like credentials
 * (isCredentialName). Everything else is kept as written; a string that is not a URL comes back unchanged
 * but for the same masking of anything that looks like those parts.
 */
export function redactUrl(url: string | URL): string {
  const text = String(url);
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(text);
  let rest = text;
  let head = '';
  if (scheme) {
    head = scheme[0];
    rest = text.slice(head.length);
    const authorityEnd = rest.search(/[/?#]/);
    const authority = authorityEnd === -1 ? rest : rest.slice(0, authorityEnd);
    const at = authority.lastIndexOf('@');
    if (at !== -1) {
      head += `${MASK}@`;
      rest = rest.slice(at + 1);
    }
  }
  const hash = rest.indexOf('#');
  const beforeHash = hash === -1 ? rest : rest.slice(0, hash);
  const fragment = hash === -1 ? undefined : rest.slice(hash + 1);
  const question = beforeHash.indexOf('?');
  const path = question === -1 ? beforeHash : beforeHash.slice(0, question);
  const query = question === -1 ? undefined : beforeHash.slice(question + 1);
  return (
    head +
    path +
    (query === undefined ? '' : `?${redactParameters(query)}`) +
    (fragment === undefined ? '' : `#${redactParameters(fragment)}`)
  );
}

// A URL inside free text ends at whitespace, a quote or an angle bracket (JSON, HTML, prose).
const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>`]+/gi;
// Sentence punctuation right after a URL belongs to the sentence: "(see https://host/x?key=1)."
const TRAILING_PUNCTUATION = /[.,;:!?)\]}]+$/;

/** Every URL in `text` passed through redactUrl; the text around them is unchanged. */
export function redactUrlsIn(text: string): string {
  if (!text.includes('://')) return text;
  return text.replace(URL_IN_TEXT, (found) => {
    const trailing = TRAILING_PUNCTUATION.exec(found)?.[0] ?? '';
    return redactUrl(found.slice(0, found.length - trailing.length)) + trailing;
  });
}
