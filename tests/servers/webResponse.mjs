// Node ↔ web-standard glue for the v2 SDK's handlers, which take a web `Request` and answer with a `Response`.

/** The Node request as a web `Request` for `url`, with the body bytes already read (none for GET and HEAD). */
export function toWebRequest(req, url, body, signal) {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else if (value !== undefined) headers.set(name, value);
  }
  const hasBody = body !== undefined && body.length > 0 && req.method !== 'GET' && req.method !== 'HEAD';
  return new Request(url, { method: req.method, headers, body: hasBody ? body : undefined, signal });
}

/**
 * Streams a web `Response` into the Node response. Headers go out at once so an SSE client sees the stream
 * open before the first event; the pump ends with the body or when the client disconnects (the reader is
 * cancelled, which also lets the SDK drop the stream).
 */
export async function sendWebResponse(res, response) {
  res.statusCode = response.status;
  response.headers.forEach((value, name) => {
    res.setHeader(name, value);
  });
  if (!response.body) return void res.end();
  res.flushHeaders();
  const reader = response.body.getReader();
  res.once('close', () => {
    reader.cancel().catch(() => {});
  });
  try {
    // Ends with the body, or as soon as the client is gone (the cancel above makes read() report done).
    for (let chunk = await reader.read(); !chunk.done && !res.destroyed; chunk = await reader.read()) {
      res.write(chunk.value);
    }
  } catch {
    // The stream failed mid-way; nothing left to deliver.
  } finally {
    res.end();
  }
}

/** Reads a Node request's whole body, refusing more than `maxBytes`. */
export async function readRequestBody(req, maxBytes) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > maxBytes) throw new Error('request body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
