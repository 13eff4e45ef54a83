/**
 * What to do about a 403 `insufficient_scope` (RFC 6750 §3.1; MCP authorization "Step-Up Authorization
 * Flow"): ask for the union of the scopes held and the scopes required, so that a step-up never loses a grant
 * the client already had. The spec leaves retry limits to the client; without them a server that keeps
 * refusing would send the user through sign-in after sign-in, so a union is tried a bounded number of times
 * and may not grow past a bounded size.
 */
import { MAX_SCOPES, unionScope } from './scope';

/** A step-up for the same scope set is attempted at most this often before giving up. */
export const MAX_STEP_UP_ATTEMPTS = 2;

export interface StepUpRequest {
  /** The scope held (granted, or asked for by the previous step-up or the options). */
  currentScope: string | undefined;
  /** The `scope` of the 403 challenge. */
  requiredScope: string | undefined;
  /** Step-ups made so far, keyed by `scopeSet` of the union they asked for. */
  attempts: ReadonlyMap<string, number>;
}

export type StepUpDecision =
  | {
      outcome: 'ask';
      /** The union to request, in first-seen order (held scopes first). */
      scope: string;
      /** Order-insensitive key of the union, under which `attempts` is counted. */
      scopeSet: string;
      /** Step-ups of this scope set including this one. */
      attempts: number;
    }
  | { outcome: 'exhausted'; reason: 'too_many_scopes'; scopeCount: number }
  | { outcome: 'exhausted'; reason: 'too_many_attempts'; attempts: number };

export function decideStepUp(request: StepUpRequest): StepUpDecision {
  const union = unionScope(request.currentScope, request.requiredScope);
  if (union.length > MAX_SCOPES) {
    return { outcome: 'exhausted', reason: 'too_many_scopes', scopeCount: union.length };
  }
  // Scope is a set (RFC 6749 §3.3): `a b` and `b a` are the same request and share one attempt count.
  const scopeSet = [...union].sort().join(' ');
  const attempts = request.attempts.get(scopeSet) ?? 0;
  if (attempts >= MAX_STEP_UP_ATTEMPTS)
    return { outcome: 'exhausted', reason: 'too_many_attempts', attempts };
  return { outcome: 'ask', scope: union.join(' '), scopeSet, attempts: attempts + 1 };
}
