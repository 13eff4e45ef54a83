/**
 * The Content Security Policy an MCP App runs under, built from its resource's `_meta.ui.csp` (SEP-1865 "Content
 * Security Policy Enforcement"). Used by the sandbox proxy page, which applies it, and by the host, which passes
 * on only what survives `sanitizeCsp`. Pure functions: no DOM.
 */

export interface AppCsp {
  connectDomains?: string[];
  resourceDomains?: string[];
  frameDomains?: string[];
  baseUriDomains?: string[];
}

const CSP_KEYS = ['connectDomains', 'resourceDomains', 'frameDomains', 'baseUriDomains'] as const;

/**
 * An origin a server may declare: http(s) or ws(s), a host with an optional leading `*.` (the spec allows
 * wildcard subdomains), an optional port. Nothing else: no bare `*` or scheme-only source (they would allow every
 * domain, which "MUST NOT allow undeclared domains" forbids), no paths, no quotes or separators that could smuggle
 * a keyword like `'unsafe-eval'` or a new directive into the policy.
 */
const DECLARABLE_ORIGIN =
  /^(?:https?|wss?):\/\/(?:\*\.)?[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*(?::\d{1,5})?$/i;
const MAX_DOMAINS = 64;

export interface SanitizedCsp {
  csp: AppCsp;
  /** Entries that were refused, for the host's log ("Host SHOULD log CSP configurations"). */
  refused: string[];
}

/** Keeps the well-formed origins of a declared `csp`, drops everything else. */
export function sanitizeCsp(declared: unknown): SanitizedCsp {
  const csp: AppCsp = {};
  const refused: string[] = [];
  if (!declared || typeof declared !== 'object') return { csp, refused };
  for (const key of CSP_KEYS) {
    const list = (declared as Record<string, unknown>)[key];
    if (list === undefined) continue;
    if (!Array.isArray(list)) {
      refused.push(`${key}: not a list`);
      continue;
    }
    const kept: string[] = [];
    for (const entry of list.slice(0, MAX_DOMAINS)) {
      if (typeof entry === 'string' && DECLARABLE_ORIGIN.test(entry)) kept.push(entry.toLowerCase());
      else refused.push(`${key}: ${JSON.stringify(entry).slice(0, 80)}`);
    }
    if (list.length > MAX_DOMAINS) refused.push(`${key}: more than ${MAX_DOMAINS} entries`);
    if (kept.length > 0) csp[key] = kept;
  }
  return { csp, refused };
}

const sources = (list: string[] | undefined, fallback: string): string =>
  list && list.length > 0 ? list.join(' ') : fallback;

/**
 * The policy itself. Without declarations it is the spec's restrictive default (`connect-src 'none'`, scripts and
 * styles inline only); declared resource domains widen scripts, styles, images, fonts and media; frames default to
 * `'none'` and the base URI to `'self'`; plugins are always blocked. Forms may run their submit handlers but never
 * submit anywhere (`form-action 'none'`), so a form cannot carry data to an undeclared domain.
 */
export function contentSecurityPolicy(declared: unknown): string {
  const { csp } = sanitizeCsp(declared);
  const resources = csp.resourceDomains?.join(' ') ?? '';
  const withResources = (base: string) => (resources ? `${base} ${resources}` : base);
  return [
    "default-src 'none'",
    `script-src ${withResources("'self' 'unsafe-inline'")}`,
    `style-src ${withResources("'self' 'unsafe-inline'")}`,
    `img-src ${withResources("'self' data:")}`,
    `font-src ${withResources("'self'")}`,
    `media-src ${withResources("'self' data:")}`,
    `connect-src ${sources(csp.connectDomains, "'none'")}`,
    `frame-src ${sources(csp.frameDomains, "'none'")}`,
    `base-uri ${sources(csp.baseUriDomains, "'self'")}`,
    "object-src 'none'",
    "form-action 'none'",
  ].join('; ');
}
