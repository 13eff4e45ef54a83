/**
 * Which scope to ask for. MCP authorization "Scope Selection Strategy": the `scope` of the 401 challenge,
 * else the protected resource's `scopes_supported`, else no scope parameter. An explicit `scope` option wins
 * over both (the application knows what it needs), and a step-up (403 `insufficient_scope`) wins over all.
 *
 * `offline_access` (SEP-2207, OIDC Core §11): added only when the authorization server lists it in
 * `scopes_supported`. OIDC-flavoured servers issue refresh tokens only for it; servers that do not list it
 * never receive it, so a strict server cannot reject the request as `invalid_scope` because of us.
 */

/** Bound on the scope set a step-up may grow to (and on the number of tokens we parse out of a challenge). */
export const MAX_SCOPES = 20;

export function splitScope(scope: string | undefined): string[] {
  if (!scope) return [];
  return [...new Set(scope.split(/\s+/).filter(Boolean))];
}

export function joinScope(scopes: readonly string[]): string | undefined {
  return scopes.length ? scopes.join(' ') : undefined;
}

/** Union in first-seen order. */
export function unionScope(...scopes: (string | undefined)[]): string[] {
  return [...new Set(scopes.flatMap(splitScope))];
}

export interface ScopeSources {
  /** `scope` option. */
  configured?: string;
  /** Step-up union after a 403 `insufficient_scope`. */
  stepUp?: string;
  /** `scope` of the latest 401 challenge. */
  challenge?: string;
  /** Protected-resource metadata `scopes_supported`. */
  resourceScopes?: readonly string[];
  /** Authorization-server metadata `scopes_supported`. */
  authorizationServerScopes?: readonly string[];
}

export function selectScope(sources: ScopeSources): string | undefined {
  const base =
    sources.stepUp ??
    sources.configured ??
    sources.challenge ??
    (sources.resourceScopes?.length ? sources.resourceScopes.join(' ') : undefined);
  const scopes = splitScope(base);
  if (sources.authorizationServerScopes?.includes('offline_access') && !scopes.includes('offline_access')) {
    scopes.push('offline_access');
  }
  return joinScope(scopes);
}
