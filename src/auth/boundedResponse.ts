/**
 * Every answer of a metadata, registration, token or revocation endpoint is read with a size cap and within a
 * deadline. Without a cap a hostile or broken server sends an endless body that the JSON parser buffers whole
 * (a 50 MB answer took a CLI to 500 MiB). The body is read as a stream and dropped — the connection cancelled —
 * once it passes the cap; a Content-Length above the cap is refused before reading, but the count of bytes
 * actually read is what decides. oauth4webapi reads `response.json()` itself, so the cap sits in the fetch it is
 * given: it receives a Response rebuilt from the bytes read.
 */
import { anySignal } from '../core/anySignal';
import type { FetchFn, ResolvedOAuthEnv } from './env';
import { ResponseTooLargeError } from './errors';
import type { UrlPurpose } from './urlPolicy';

const KiB = 1024;
/** Protected-resource and authorization-server metadata: a few KiB in practice. */
export const MAX_METADATA_RESPONSE_BYTES = 1024 * KiB;
/** RFC 7591 §3.2.1 client information (it may carry a software statement). */
export const MAX_REGISTRATION_RESPONSE_BYTES = 1024 * KiB;
/** RFC 6749 §5.1 token responses (JWT access and ID tokens included). */
export const MAX_TOKEN_RESPONSE_BYTES = 1024 * KiB;
/** RFC 7009 §2.2: a revocation answer has no content the client uses; an error body is small. */
export const MAX_REVOCATION_RESPONSE_BYTES = 64 * KiB;

export function responseLimit(purpose: UrlPurpose): number {
  if (purpose === 'token_endpoint') return MAX_TOKEN_RESPONSE_BYTES;
  if (purpose === 'registration_endpoint') return MAX_REGISTRATION_RESPONSE_BYTES;
  if (purpose === 'revocation_endpoint') return MAX_REVOCATION_RESPONSE_BYTES;
  return MAX_METADATA_RESPONSE_BYTES;
}

/**
 * The signal of one request: the per-request timeout, joined with the abort signal of the operation it serves
 * (a connection attempt that gives up or disconnects ends its discovery and registration requests at once).
 */
export function requestSignal(env: ResolvedOAuthEnv): AbortSignal {
  const timeout = AbortSignal.timeout(env.requestTimeoutMs);
  return env.signal ? anySignal(env.signal, timeout) : timeout;
}

/**
 * The chunks of `body` when it holds at most `limit` bytes, else undefined. It stops reading, and cancels the
 * stream, as soon as the count passes the limit: the bytes actually read decide, whatever a header claimed.
 */
export async function readAtMost(
  body: ReadableStream<Uint8Array>,
  limit: number,
): Promise<BlobPart[] | undefined> {
  const reader = body.getReader();
  const chunks: BlobPart[] = [];
  let size = 0;
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    size += read.value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(read.value as BlobPart);
  }
  return chunks;
}

/** env.fetch, answering with the body read up to the cap for `purpose` (ResponseTooLargeError beyond it). */
export function boundedFetch(purpose: UrlPurpose, serverUrl: string, env: ResolvedOAuthEnv): FetchFn {
  return async (url, init) => {
    const response = await env.fetch(url, init);
    // Nothing to read: an opaque redirect (`redirect: 'manual'` in a browser), a 204.
    if (!response.body) return response;
    const limit = responseLimit(purpose);
    const tooLarge = () => new ResponseTooLargeError(url, purpose, limit, { serverUrl });
    if (Number(response.headers.get('content-length')) > limit) {
      await response.body.cancel().catch(() => undefined);
      throw tooLarge();
    }
    const chunks = await readAtMost(response.body, limit);
    if (!chunks) throw tooLarge();
    return new Response(new Blob(chunks), {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
}
