/**
 * The app's backend relay for the browser requests that cannot go direct (endpoints without CORS headers):
 * OAuth metadata, registration, token and revocation requests, and MCP requests where needed. A Web-standard
 * `(request: Request) => Promise<Response>` (fetch, Request, Response, URL, AbortSignal only), so the same
 * handler serves as a Next.js route handler, in Hono, Cloudflare Workers and Deno; `toNodeHandler` mounts it in
 * Express or Node's http. It answers every request under the path it is mounted at, with the wire format of
 * src/core/proxyWire.ts; the checks, in order, are each a module of this folder.
 */
import { anySignal } from '../core/anySignal';
import { PROXY_TARGET_HEADER, type ProxyRefusal } from '../core/proxyWire';
import { checkCaller, corsHeaders, FORWARDED_METHODS, preflight } from './callerPolicy';
import { outgoingRequest } from './forwardRequest';
import {
  type ProxyClient,
  type ProxyConfig,
  type ProxyHandlerOptions,
  type ProxyLogEntry,
  resolveProxyOptions,
} from './proxyOptions';
import { refusalResponse } from './refusal';
import { relayedResponse } from './relayResponse';
import { checkTarget } from './targetPolicy';

export type ProxyHandler = (request: Request) => Promise<Response>;

/** Logged as the target: never the query, which is nobody's business and might hold a secret. */
const shown = (url: URL) => `${url.origin}${url.pathname}`;

async function authorized(config: ProxyConfig, request: Request): Promise<boolean> {
  if (!config.authorize) return true;
  try {
    return (await config.authorize(request)) === true;
  } catch {
    return false;
  }
}

/** The upstream's answer, or why there is none: the deadline covers the wait for its response headers only. */
async function send(
  config: ProxyConfig,
  target: URL,
  init: RequestInit,
  callerGone: AbortSignal,
): Promise<Response | { refusal: ProxyRefusal; message: string }> {
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), config.timeoutMs);
  try {
    return await config.fetch(target.href, { ...init, signal: anySignal(deadline.signal, callerGone) });
  } catch {
    if (deadline.signal.aborted) {
      return {
        refusal: 'upstream_timeout',
        message: `${target.host} did not answer within ${config.timeoutMs} ms`,
      };
    }
    return { refusal: 'upstream_unreachable', message: `${target.host} could not be reached` };
  } finally {
    clearTimeout(timer);
  }
}

async function handle(config: ProxyConfig, request: Request, startedAt: number): Promise<Response> {
  const method = request.method.toUpperCase();
  let cors: Record<string, string> = {};
  let target: URL | undefined;
  const refuse = (refusal: ProxyRefusal, message: string): Response => {
    config.log({
      level: 'warn',
      message: `refused: ${message}`,
      method,
      ...(target ? { target: shown(target) } : {}),
      refusal,
    });
    return refusalResponse(refusal, message, cors);
  };

  if (method === 'OPTIONS') {
    return preflight(config, request) ?? refuse('origin_not_allowed', 'No preflight for this origin');
  }
  const caller = checkCaller(config, request);
  if (!caller.ok) return refuse('origin_not_allowed', 'Requests from pages of other sites are refused');
  cors = corsHeaders(caller.corsOrigin);
  if (!FORWARDED_METHODS.has(method)) return refuse('method_not_allowed', `${method} is not forwarded`);
  const checked = checkTarget(config, request.headers.get(PROXY_TARGET_HEADER));
  if (!checked.ok) return refuse(checked.refusal, checked.message);
  target = checked.url;
  if (!(await authorized(config, request))) return refuse('unauthorized', 'The app refused this request');

  const outgoing = await outgoingRequest(config, request, target);
  if (!outgoing.ok) return refuse(outgoing.refusal, outgoing.message);
  const upstream = await send(config, target, outgoing.init, request.signal);
  if (!(upstream instanceof Response)) return refuse(upstream.refusal, upstream.message);
  const relayed = await relayedResponse(config, upstream, target, cors);
  if (!relayed.ok) return refuse(relayed.refusal, relayed.message);
  config.log({
    level: 'info',
    message: 'forwarded',
    method,
    target: shown(target),
    status: upstream.status,
    ...(outgoing.clientAuthentication ? { clientAuthentication: outgoing.clientAuthentication } : {}),
    durationMs: Date.now() - startedAt,
  });
  return relayed.response;
}

/**
 * A handler that forwards browser requests to the hosts of `allowedHosts` only. Throws ProxyConfigError for
 * options it cannot work with, when called (at startup), not at the first request.
 */
export function createProxyHandler(options: ProxyHandlerOptions): ProxyHandler {
  const config = resolveProxyOptions(options);
  // Every relaxation is said once, where it was made.
  const relaxed = [
    ...(config.allowPrivateNetwork ? ['allowPrivateNetwork (listed loopback and private addresses)'] : []),
    ...(config.allowHttp ? ['allowHttp (plain http to listed loopback hosts)'] : []),
  ];
  if (relaxed.length > 0)
    config.log({ level: 'warn', message: `development settings on: ${relaxed.join(', ')}` });
  return (request) => handle(config, request, Date.now());
}

export type { ProxyClient, ProxyHandlerOptions, ProxyLogEntry };
