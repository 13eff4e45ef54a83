/**
 * What goes back to the page from an upstream's answer: its status, the headers the OAuth engine and the MCP
 * transport read and nothing else (no Set-Cookie, which would land on the app's own origin; no Location; no
 * CORS or hop-by-hop headers; no Content-Encoding or Content-Length, since fetch has already decoded the body),
 * and the body streamed through a byte counter that cuts it at the cap. A redirect is refused, never relayed:
 * the page's fetch would follow it straight to wherever it points.
 */
import type { ProxyRefusal } from '../core/proxyWire';
import { RELAYED_RESPONSE_HEADERS } from './callerPolicy';
import type { ProxyConfig } from './proxyOptions';

export type Relayed =
  | { ok: true; response: Response }
  | { ok: false; refusal: ProxyRefusal; message: string };

/** `body` as it arrives, erroring (and cancelling the upstream) once more than `limit` bytes went through. */
function capped(body: ReadableStream<Uint8Array>, limit: number): ReadableStream<Uint8Array> {
  let size = 0;
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        size += chunk.byteLength;
        if (size > limit) controller.error(new Error(`The answer is over ${limit} bytes`));
        else controller.enqueue(chunk);
      },
    }),
  );
}

const NO_BODY = new Set([204, 205, 304]);

export async function relayedResponse(
  config: ProxyConfig,
  upstream: Response,
  target: URL,
  extraHeaders: Record<string, string>,
): Promise<Relayed> {
  const refuse = async (refusal: ProxyRefusal, message: string): Promise<Relayed> => {
    await upstream.body?.cancel().catch(() => undefined);
    return { ok: false, refusal, message };
  };
  if (upstream.type === 'opaqueredirect' || (upstream.status >= 300 && upstream.status < 400)) {
    return refuse(
      'redirect',
      `${target.host} answered with a redirect (HTTP ${upstream.status}), not followed`,
    );
  }
  if (Number(upstream.headers.get('content-length')) > config.maxResponseBytes) {
    return refuse('response_too_large', `${target.host} answered with over ${config.maxResponseBytes} bytes`);
  }
  const headers = new Headers(extraHeaders);
  for (const name of RELAYED_RESPONSE_HEADERS) {
    const value = upstream.headers.get(name);
    if (value !== null) headers.set(name, value);
  }
  const body =
    upstream.body && !NO_BODY.has(upstream.status) ? capped(upstream.body, config.maxResponseBytes) : null;
  return {
    ok: true,
    response: new Response(body, { status: upstream.status, statusText: upstream.statusText, headers }),
  };
}
