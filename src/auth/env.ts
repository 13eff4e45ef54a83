/**
 * Everything the OAuth engine needs from the world, injected so that the same code runs in a browser, in Node
 * and in tests (a fake clock, a recording fetch, a shared store standing in for a second tab).
 */
import type { AuthEventSink } from './authEvents';
import { defaultLock, type LockFn } from './lock';
import { sharedMemoryStore } from './memoryStore';
import { storeLock, type TokenStore } from './store';

export type AuthLogLevel = 'debug' | 'info' | 'warn' | 'error';

/**
 * Receives engine events. It is never given a token, an authorization code, a PKCE verifier, a state value
 * or a client secret — only URLs, issuers, client ids, scopes and OAuth error codes.
 */
export type AuthLog = (level: AuthLogLevel, message: string, data?: Record<string, unknown>) => void;

export type FetchFn = (input: string, init?: RequestInit) => Promise<Response>;

export interface OAuthEnv {
  /** Default: the global fetch, looked up at call time. */
  fetch?: FetchFn;
  /** Milliseconds since the epoch. Default: Date.now. */
  now?: () => number;
  /**
   * Default: a realm-wide in-memory store. Browsers pass their IndexedDB store (src/browser/idbStore.ts) so that
   * pending sign-ins survive the redirect.
   */
  store?: TokenStore;
  /**
   * Default: the store's own lock (which holds wherever the store is shared), else Web Locks when available,
   * else a realm-wide in-process mutex.
   */
  lock?: LockFn;
  /** Default: no logging. */
  log?: AuthLog;
  /**
   * Receives each sign-in step as a typed event (authEvents.ts). Default: none. Taken by OAuthSession, which
   * runs the steps; the callback page's `completeAuthorization` emits none (its caller reports the outcome).
   */
  emit?: AuthEventSink;
  /** Upper bound for each HTTP request to metadata, registration, token and revocation endpoints. Default 30 s. */
  requestTimeoutMs?: number;
}

export interface ResolvedOAuthEnv {
  fetch: FetchFn;
  now: () => number;
  store: TokenStore;
  lock: LockFn;
  log: AuthLog;
  emit?: AuthEventSink;
  requestTimeoutMs: number;
  /**
   * The abort signal of the operation under way, e.g. the connection attempt that asked for a sign-in: its
   * discovery and registration requests end when it aborts (see `withSignal`). Never part of a shared env.
   */
  signal?: AbortSignal;
}

const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

export function resolveEnv(env: OAuthEnv = {}): ResolvedOAuthEnv {
  const store = env.store ?? sharedMemoryStore();
  return {
    fetch: env.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    now: env.now ?? (() => Date.now()),
    store,
    lock: env.lock ?? storeLock(store) ?? defaultLock(),
    log: env.log ?? (() => {}),
    requestTimeoutMs: env.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
  };
}

/** `env` for one operation that ends when `signal` aborts (the same env when there is no signal). */
export function withSignal(env: ResolvedOAuthEnv, signal: AbortSignal | undefined): ResolvedOAuthEnv {
  return signal ? { ...env, signal } : env;
}
