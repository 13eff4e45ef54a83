// The sandbox proxy page's script (bundled into sandbox-proxy.html by scripts/build-sandbox-proxy.mjs). It runs on
// the sandbox origin, inside the host's iframe, and shows one MCP App in an inner frame (SEP-1865 "Sandbox proxy"):
// 1. it talks only to the origin named in `?host=` (and only when that origin really embeds it);
// 2. it announces `sandbox-proxy-ready`, receives the HTML with `sandbox-resource-ready` (once), applies the CSP
//    built from the declared domains to its own document BEFORE creating the inner frame, which inherits it;
// 3. the inner frame is sandboxed without `allow-same-origin` (an opaque origin: no storage, no way into this
//    page) and without navigation or popup rights;
// 4. it relays every other JSON-RPC message both ways, with the host's origin pinned, dropping `sandbox-*`
//    methods from either side.
import { contentSecurityPolicy } from '../cspPolicy';
import { allowAttribute } from '../permissionPolicy';
import {
  DEFAULT_INNER_SANDBOX,
  HOST_ORIGIN_PARAM,
  INNER_SANDBOX_TOKENS,
  isJsonRpcMessage,
  isSandboxMessage,
  SANDBOX_PROXY_READY,
  SANDBOX_RESOURCE_READY,
} from './proxyProtocol';

function hostOrigin(): string | undefined {
  const declared = new URLSearchParams(window.location.search).get(HOST_ORIGIN_PARAM);
  if (!declared || !URL.canParse(declared)) return undefined;
  const origin = new URL(declared).origin;
  if (!/^https?:/.test(origin) || origin !== declared) return undefined;
  // SEP-1865: the host and the sandbox MUST have different origins.
  if (origin === window.location.origin) return undefined;
  if (window.parent === window) return undefined;
  // Where the browser says who embeds us (Chromium, Safari), it must be the declared host.
  const ancestors = (window.location as Location & { ancestorOrigins?: DOMStringList }).ancestorOrigins;
  if (ancestors && ancestors.length > 0 && ancestors[0] !== origin) return undefined;
  return origin;
}

function innerSandbox(requested: unknown): string {
  if (typeof requested !== 'string') return DEFAULT_INNER_SANDBOX;
  const tokens = requested.split(/\s+/).filter(Boolean);
  return tokens.every((token) => INNER_SANDBOX_TOKENS.has(token)) ? tokens.join(' ') : DEFAULT_INNER_SANDBOX;
}

function applyPolicy(policy: string): void {
  const meta = document.createElement('meta');
  meta.httpEquiv = 'Content-Security-Policy';
  meta.content = policy;
  document.head.append(meta);
}

function start(host: string): void {
  let inner: HTMLIFrameElement | undefined;

  const load = (params: Record<string, unknown>) => {
    if (inner || typeof params.html !== 'string') return; // one app per proxy page: a CSP can only tighten
    applyPolicy(contentSecurityPolicy(params.csp));
    inner = document.createElement('iframe');
    inner.setAttribute('sandbox', innerSandbox(params.sandbox));
    const allow = allowAttribute(params.permissions as Parameters<typeof allowAttribute>[0]);
    if (allow) inner.setAttribute('allow', allow);
    inner.title = 'MCP App';
    // CSP does not govern a frame navigating itself: an app that leaves its document (the only load after the
    // first) is taken down, so no page of its choosing goes on receiving the host's messages.
    let loads = 0;
    inner.addEventListener('load', () => {
      loads += 1;
      if (loads > 1) {
        inner?.remove();
        document.body.textContent = 'The app navigated away and was closed.';
      }
    });
    inner.srcdoc = params.html;
    document.body.append(inner);
  };

  window.addEventListener('message', (event) => {
    const { data } = event;
    if (!isJsonRpcMessage(data)) return;
    if (event.source === window.parent && event.origin === host) {
      if (data.method === SANDBOX_RESOURCE_READY)
        load((data as { params?: Record<string, unknown> }).params ?? {});
      else if (!isSandboxMessage(data)) inner?.contentWindow?.postMessage(data, '*'); // an opaque origin has no name
      return;
    }
    if (inner && event.source === inner.contentWindow && !isSandboxMessage(data)) {
      window.parent.postMessage(data, host);
    }
  });
  window.parent.postMessage({ jsonrpc: '2.0', method: SANDBOX_PROXY_READY, params: {} }, host);
}

const host = hostOrigin();
if (host) start(host);
else
  document.body.textContent = 'This page shows MCP Apps for the page that embeds it, and nothing on its own.';
