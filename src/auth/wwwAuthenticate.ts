/**
 * Reads the `Bearer` challenge out of a `WWW-Authenticate` header (RFC 9110 §11.6.1 grammar, RFC 6750 §3
 * parameters, RFC 9728 §5.1 `resource_metadata`). A header can hold several challenges; only Bearer is used.
 */

export interface BearerChallenge {
  /** RFC 6750 §3.1: `invalid_token`, `insufficient_scope`, `invalid_request`. */
  error?: string;
  errorDescription?: string;
  /** Space-separated scopes the resource needs (RFC 6750 §3, MCP scope selection). */
  scope?: string;
  /** RFC 9728 §5.1: URL of the protected-resource metadata. */
  resourceMetadata?: string;
  realm?: string;
}

const MAX_HEADER_LENGTH = 8192;
// RFC 9110 §11.2: token68 = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=", standing alone after
// the scheme (it ends the challenge: a comma or the end of the header follows).
const TOKEN68 = /[A-Za-z0-9\-._~+/]+=*(?=[ \t]*(,|$))/y;

type Challenge = { scheme: string; params: Map<string, string> };

/** Splits the header into challenges. Tolerant: anything unparseable ends the scan and keeps what was read. */
function parseChallenges(header: string): Challenge[] {
  const challenges: Challenge[] = [];
  let i = 0;
  const n = Math.min(header.length, MAX_HEADER_LENGTH);
  const skipSpace = () => {
    while (i < n && (header[i] === ' ' || header[i] === '\t')) i += 1;
  };
  const readToken = () => {
    const start = i;
    while (i < n && /[!#$%&'*+\-.^_`|~0-9A-Za-z]/.test(header[i] ?? '')) i += 1;
    return header.slice(start, i);
  };
  const readQuoted = () => {
    let value = '';
    i += 1; // opening quote
    while (i < n && header[i] !== '"') {
      if (header[i] === '\\' && i + 1 < n) i += 1;
      value += header[i];
      i += 1;
    }
    i += 1; // closing quote
    return value;
  };

  let current: Challenge | undefined;
  while (i < n) {
    skipSpace();
    while (i < n && header[i] === ',') {
      i += 1;
      skipSpace();
    }
    if (i >= n) break;
    const token = readToken();
    if (!token) break;
    skipSpace();
    if (header[i] === '=' && current) {
      // An auth-param of the current challenge (token68 values are not used by Bearer and are skipped).
      i += 1;
      skipSpace();
      const value = header[i] === '"' ? readQuoted() : readToken();
      current.params.set(token.toLowerCase(), value);
      continue;
    }
    current = { scheme: token.toLowerCase(), params: new Map() };
    challenges.push(current);
    // `Negotiate abc==` or `Basic dXNlcg==`: skip the credentials blob so the next challenge is still found.
    TOKEN68.lastIndex = i;
    const token68 = TOKEN68.exec(header.slice(0, n));
    if (token68) i = TOKEN68.lastIndex;
  }
  return challenges;
}

/** The Bearer challenge of a header value, or undefined when there is none. */
export function parseBearerChallenge(header: string | null | undefined): BearerChallenge | undefined {
  if (!header) return undefined;
  const bearer = parseChallenges(header).find((challenge) => challenge.scheme === 'bearer');
  if (!bearer) return undefined;
  const challenge: BearerChallenge = {};
  const set = (key: keyof BearerChallenge, param: string) => {
    const value = bearer.params.get(param);
    if (value) challenge[key] = value;
  };
  set('error', 'error');
  set('errorDescription', 'error_description');
  set('scope', 'scope');
  set('resourceMetadata', 'resource_metadata');
  set('realm', 'realm');
  return challenge;
}

/** The Bearer challenge of a 401/403 response (readable in a browser only if the server exposes the header). */
export function challengeFromResponse(response: Response): BearerChallenge | undefined {
  return parseBearerChallenge(response.headers.get('www-authenticate'));
}
