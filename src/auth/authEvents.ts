/**
 * The engine's sign-in steps as McpEvents (src/core/events.ts), built here and nowhere else so that what leaves
 * the engine is masked by construction: every string goes through the URL credential masking of every log line,
 * and the authorization URL's `state`, `code_challenge` and `nonce` are never shown. The fields themselves are
 * typed per step and have no place for a token, a code, a verifier or a client secret.
 */
import type { McpEvent, McpEventFieldMap, McpEventType } from '../core/events';
import { redactUrl, redactUrlsIn } from '../core/redactUrl';
import { safeCause } from './errors';

export type AuthEventSink = (event: McpEvent) => void;

/** What emitting needs of the environment: the sink (none: nothing is built) and the clock. */
export interface AuthEventEnv {
  emit?: AuthEventSink | undefined;
  now: () => number;
}

export interface StepOutcome {
  /** When the step started (`env.now()`), for `durationMs`. */
  started?: number;
  /** The HTTP status of the answer the step read. */
  status?: number;
  /** The step failed. */
  error?: unknown;
}

/** Authorization-request parameters that are single-use or derived from the PKCE verifier. */
const HIDDEN_PARAMETERS = new Set(['state', 'code_challenge', 'nonce']);
const HIDDEN = '•••';

type Masked<T> = T extends string ? string : T extends readonly string[] ? string[] : T;

function mask<T>(value: T): Masked<T> {
  if (typeof value === 'string') return redactUrlsIn(value) as Masked<T>;
  if (Array.isArray(value)) return value.map((item) => mask(item)) as Masked<T>;
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, mask(item)])) as Masked<T>;
  return value as Masked<T>;
}

/** The code and message of a failure, never more (no response body, no stack). */
export function eventError(error: unknown): { code: string; message: string } {
  const cause = safeCause(error);
  if (!cause) return { code: 'error', message: redactUrlsIn(String(error)) };
  return { code: cause.code ?? cause.name, message: redactUrlsIn(cause.message) };
}

/** Emits one step, when anyone listens. */
export function emitStep<T extends McpEventType>(
  env: AuthEventEnv,
  type: T,
  fields: McpEventFieldMap[T],
  outcome: StepOutcome = {},
): void {
  if (!env.emit) return;
  const at = env.now();
  const { started, status, error } = outcome;
  env.emit({
    type,
    at,
    fields: mask(fields),
    ...(started !== undefined ? { durationMs: Math.max(0, at - started) } : {}),
    ...(status !== undefined ? { status } : {}),
    ...(error !== undefined ? { error: eventError(error) } : {}),
  } as McpEvent);
}

/** The `authorization` step's fields for the URL the user is sent to. */
export function authorizationFields(
  authorizationUrl: string,
  flow: string,
): McpEventFieldMap['authorization'] {
  const url = new URL(authorizationUrl);
  const params: Record<string, string> = {};
  for (const [name, value] of url.searchParams) params[name] = HIDDEN_PARAMETERS.has(name) ? HIDDEN : value;
  url.search = '';
  return { flow, authorizationEndpoint: redactUrl(url.href), params };
}
