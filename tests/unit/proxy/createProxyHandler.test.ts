// The proxy handler with real Request and Response objects: the page's requests as a browser sends them, an
// upstream played by an injected fetch that records what reached it. What must hold: it is no open relay, it never
// reaches the app's own network unless told to, cookies and the app's credentials stay behind, bodies are capped,
// the confidential client's secret is added only where it belongs, redirects are not followed, and nothing secret
// is logged.
import { describe, expect, it } from 'vitest';
import {
  PROXY_AUTHORIZATION_HEADER,
  PROXY_REFUSED_HEADER,
  PROXY_TARGET_HEADER,
} from '../../../src/core/proxyWire';
import { createProxyHandler, type ProxyHandlerOptions, type ProxyLogEntry } from '../../../src/proxy';
import { ProxyConfigError } from '../../../src/proxy/errors';

const APP = 'https://app.example.com';
const PROXY_URL = `${APP}/api/mcp-proxy`;
const TOKEN_URL = 'https://auth.example.com/oauth/token';

interface Upstream {
  requests: Request[];
  fetch: NonNullable<ProxyHandlerOptions['fetch']>;
}

/** An upstream that records every request and answers with `answer` (a 200 JSON body by default). */
function upstream(
  answer: (request: Request) => Response | Promise<Response> = () => Response.json({ ok: 1 }),
) {
  const requests: Request[] = [];
  const recorded: Upstream = {
    requests,
    fetch: async (input, init) => {
      const request = new Request(input, init);
      requests.push(request.clone());
      return answer(request);
    },
  };
  return recorded;
}

function proxy(options: Partial<ProxyHandlerOptions> & { upstream?: Upstream } = {}) {
  const log: ProxyLogEntry[] = [];
  const { upstream: given, ...rest } = options;
  const target = given ?? upstream();
  const handler = createProxyHandler({
    allowedHosts: ['auth.example.com', 'mcp.example.com'],
    onLog: (entry) => log.push(entry),
    fetch: target.fetch,
    ...rest,
  });
  return { handler, log, upstream: target };
}

/** A request as the page's fetch sends it to the proxy: same origin, the target in its header. */
function pageRequest(
  target: string | undefined,
  init: RequestInit & { headers?: Record<string, string> } = {},
) {
  return new Request(PROXY_URL, {
    method: 'GET',
    ...init,
    headers: {
      'sec-fetch-site': 'same-origin',
      ...(target === undefined ? {} : { [PROXY_TARGET_HEADER]: target }),
      ...init.headers,
    },
  });
}

const refusal = (response: Response) => response.headers.get(PROXY_REFUSED_HEADER);

describe('an allow-list, not an open relay', () => {
  it('refuses a host outside the list, and nothing reaches it', async () => {
    const { handler, upstream } = proxy();
    for (const target of [
      'https://evil.example.net/steal',
      'https://auth.example.com.evil.example.net/',
      'https://sub.auth.example.com/',
      'https://auth.example.com:8443/other-port',
      'https://auth.example.com@evil.example.net/',
    ]) {
      const response = await handler(pageRequest(target));
      expect(response.status, target).toBe(target.includes('@') ? 400 : 403);
      expect(refusal(response), target).toBe(target.includes('@') ? 'invalid_target' : 'host_not_allowed');
    }
    expect(upstream.requests).toHaveLength(0);
  });

  it('forwards to a listed host, port included when listed', async () => {
    const { handler, upstream } = proxy({ allowedHosts: ['auth.example.com', 'sso.example.com:8443'] });
    expect((await handler(pageRequest('https://auth.example.com/.well-known/x'))).status).toBe(200);
    expect((await handler(pageRequest('https://sso.example.com:8443/realms/a'))).status).toBe(200);
    expect(refusal(await handler(pageRequest('https://sso.example.com/realms/a')))).toBe('host_not_allowed');
    expect(upstream.requests.map((request) => request.url)).toEqual([
      'https://auth.example.com/.well-known/x',
      'https://sso.example.com:8443/realms/a',
    ]);
  });

  it('refuses a request without a target, or with one that is not an http(s) URL', async () => {
    const { handler, upstream } = proxy();
    for (const target of [undefined, '', '/relative', 'file:///etc/passwd', 'javascript:alert(1)']) {
      const response = await handler(pageRequest(target));
      expect(response.status).toBe(400);
      expect(refusal(response)).toBe('invalid_target');
      expect(await response.json()).toMatchObject({ error: 'proxy_refused', reason: 'invalid_target' });
    }
    expect(upstream.requests).toHaveLength(0);
  });

  it('refuses plain http, even to a listed host, unless allowHttp and the host is loopback', async () => {
    const strict = proxy({ allowedHosts: ['auth.example.com', '127.0.0.1:4000'], allowPrivateNetwork: true });
    expect(refusal(await strict.handler(pageRequest('http://auth.example.com/token')))).toBe(
      'insecure_target',
    );
    expect(refusal(await strict.handler(pageRequest('http://127.0.0.1:4000/token')))).toBe('insecure_target');
    const dev = proxy({
      allowedHosts: ['auth.example.com', '127.0.0.1:4000'],
      allowPrivateNetwork: true,
      allowHttp: true,
    });
    expect(refusal(await dev.handler(pageRequest('http://auth.example.com/token')))).toBe('insecure_target');
    expect((await dev.handler(pageRequest('http://127.0.0.1:4000/token'))).status).toBe(200);
    expect(strict.upstream.requests).toHaveLength(0);
  });

  it('refuses methods the OAuth legs and MCP do not use', async () => {
    const { handler, upstream } = proxy();
    for (const method of ['PUT', 'PATCH', 'HEAD']) {
      const response = await handler(pageRequest(TOKEN_URL, { method }));
      expect(refusal(response), method).toBe('method_not_allowed');
    }
    expect(upstream.requests).toHaveLength(0);
  });
});

describe("the app's own network", () => {
  it('says so in its log when development settings are on', () => {
    const log: ProxyLogEntry[] = [];
    createProxyHandler({ allowedHosts: ['auth.example.com'], onLog: (entry) => log.push(entry) });
    expect(log).toEqual([]);
    createProxyHandler({
      allowedHosts: ['127.0.0.1:4000'],
      allowPrivateNetwork: true,
      allowHttp: true,
      onLog: (entry) => log.push(entry),
    });
    expect(log).toEqual([
      expect.objectContaining({
        level: 'warn',
        message: expect.stringMatching(/allowPrivateNetwork.*allowHttp/),
      }),
    ]);
  });

  it('refuses to be set up with a loopback, private or link-local host unless allowPrivateNetwork', () => {
    for (const host of ['127.0.0.1', 'localhost:3000', '10.0.0.5', '169.254.169.254', '[::1]', '[fd00::1]']) {
      expect(() => createProxyHandler({ allowedHosts: [host] }), host).toThrow(ProxyConfigError);
    }
    expect(() => createProxyHandler({ allowedHosts: ['10.0.0.5'], allowPrivateNetwork: true })).not.toThrow();
  });

  it('never reaches an internal address a page names, listed names aside', async () => {
    const { handler, upstream } = proxy();
    for (const target of [
      'https://127.0.0.1/',
      'https://169.254.169.254/latest/meta-data/',
      'https://[::ffff:127.0.0.1]/',
      'https://2130706433/',
      'https://localhost/',
    ]) {
      expect(refusal(await handler(pageRequest(target))), target).toBe('host_not_allowed');
    }
    expect(upstream.requests).toHaveLength(0);
  });

  it('refuses pages of other sites, and answers preflights only for allowedOrigins', async () => {
    const { handler, upstream } = proxy({ allowedOrigins: ['https://admin.example.com'] });
    const crossSite = await handler(
      pageRequest(TOKEN_URL, {
        headers: { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example.net' },
      }),
    );
    expect(refusal(crossSite)).toBe('origin_not_allowed');
    expect(crossSite.headers.get('access-control-allow-origin')).toBeNull();
    const noFetchMetadata = await handler(
      new Request(PROXY_URL, {
        headers: { origin: 'https://evil.example.net', [PROXY_TARGET_HEADER]: TOKEN_URL },
      }),
    );
    expect(refusal(noFetchMetadata)).toBe('origin_not_allowed');
    const evilPreflight = await handler(
      new Request(PROXY_URL, {
        method: 'OPTIONS',
        headers: { origin: 'https://evil.example.net', 'access-control-request-method': 'POST' },
      }),
    );
    expect(evilPreflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(upstream.requests).toHaveLength(0);

    const preflight = await handler(
      new Request(PROXY_URL, {
        method: 'OPTIONS',
        headers: {
          origin: 'https://admin.example.com',
          'access-control-request-method': 'POST',
          'access-control-request-headers': `${PROXY_TARGET_HEADER}, content-type, mcp-method, x-evil`,
        },
      }),
    );
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://admin.example.com');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('mcp-method');
    expect(preflight.headers.get('access-control-allow-headers')).not.toContain('x-evil');
    const allowed = await handler(
      pageRequest(TOKEN_URL, {
        headers: { 'sec-fetch-site': 'same-site', origin: 'https://admin.example.com' },
      }),
    );
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://admin.example.com');
  });

  it("asks the app's authorize hook, with the page's cookies, before anything is forwarded", async () => {
    const seen: (string | null)[] = [];
    const { handler, upstream } = proxy({
      authorize: (request) => {
        seen.push(request.headers.get('cookie'));
        return request.headers.get('cookie') === 'session=valid';
      },
    });
    expect(refusal(await handler(pageRequest(TOKEN_URL, { headers: { cookie: 'session=stale' } })))).toBe(
      'unauthorized',
    );
    expect((await handler(pageRequest(TOKEN_URL, { headers: { cookie: 'session=valid' } }))).status).toBe(
      200,
    );
    expect(seen).toEqual(['session=stale', 'session=valid']);
    expect(upstream.requests).toHaveLength(1);
    expect(upstream.requests[0]?.headers.get('cookie')).toBeNull();
  });
});

describe('what crosses the proxy', () => {
  it("strips cookies, the app's own Authorization and everything else a request to the app carries", async () => {
    const { handler, upstream } = proxy();
    await handler(
      pageRequest('https://mcp.example.com/mcp', {
        method: 'POST',
        body: '{"jsonrpc":"2.0","id":1,"method":"tools/list"}',
        headers: {
          cookie: 'session=app-session-cookie',
          authorization: 'Basic YXBwLXN0YWdpbmc6cGFzc3dvcmQ=',
          [PROXY_AUTHORIZATION_HEADER]: 'Bearer access-token-for-mcp',
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          'mcp-protocol-version': '2026-07-28',
          'mcp-method': 'tools/list',
          'mcp-param-region': 'eu',
          origin: APP,
          referer: `${APP}/dashboard`,
          'x-forwarded-for': '10.1.2.3',
          'x-csrf-token': 'app-csrf',
          connection: 'keep-alive',
        },
      }),
    );
    const sent = upstream.requests[0]!;
    expect(Object.fromEntries(sent.headers)).toEqual({
      authorization: 'Bearer access-token-for-mcp',
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': '2026-07-28',
      'mcp-method': 'tools/list',
      'mcp-param-region': 'eu',
    });
    expect(await sent.text()).toBe('{"jsonrpc":"2.0","id":1,"method":"tools/list"}');
  });

  it('relays the headers the client reads and drops Set-Cookie, CORS and encoding headers', async () => {
    const { handler } = proxy({
      upstream: upstream(
        () =>
          new Response('{"error":"invalid_token"}', {
            status: 401,
            headers: {
              'content-type': 'application/json',
              'www-authenticate': 'Bearer resource_metadata="https://mcp.example.com/.well-known/x"',
              'mcp-session-id': 'session-1',
              'set-cookie': 'tracker=1; Domain=app.example.com',
              'access-control-allow-origin': '*',
              'content-encoding': 'gzip',
              'x-powered-by': 'upstream',
            },
          }),
      ),
    });
    const response = await handler(pageRequest('https://mcp.example.com/mcp'));
    expect(response.status).toBe(401);
    expect(Object.fromEntries(response.headers)).toEqual({
      'content-type': 'application/json',
      'www-authenticate': 'Bearer resource_metadata="https://mcp.example.com/.well-known/x"',
      'mcp-session-id': 'session-1',
    });
    expect(refusal(response)).toBeNull();
    expect(await response.text()).toBe('{"error":"invalid_token"}');
  });

  it('does not follow a redirect, nor pass it on: the Authorization goes nowhere else', async () => {
    const redirecting = upstream(
      () => new Response(null, { status: 302, headers: { location: 'https://evil.example.net/collect' } }),
    );
    const { handler } = proxy({ upstream: redirecting });
    const response = await handler(
      pageRequest(TOKEN_URL, { headers: { [PROXY_AUTHORIZATION_HEADER]: 'Bearer secret-access-token' } }),
    );
    expect(response.status).toBe(502);
    expect(refusal(response)).toBe('redirect');
    expect(response.headers.get('location')).toBeNull();
    expect(
      redirecting.requests.map((request) => [
        request.url,
        request.redirect,
        request.headers.get('authorization'),
      ]),
    ).toEqual([[TOKEN_URL, 'manual', 'Bearer secret-access-token']]);
  });

  it('caps the request body before anything is sent', async () => {
    const { handler, upstream } = proxy({ maxRequestBytes: 1024 });
    const big = 'x'.repeat(1025);
    const declared = await handler(pageRequest(TOKEN_URL, { method: 'POST', body: big }));
    expect(declared.status).toBe(413);
    expect(refusal(declared)).toBe('request_too_large');
    // Streamed without a length: the bytes read decide.
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 4; i += 1) controller.enqueue(new TextEncoder().encode('y'.repeat(300)));
        controller.close();
      },
    });
    const streamed = await handler(
      pageRequest(TOKEN_URL, { method: 'POST', body: stream, duplex: 'half' } as RequestInit & {
        headers?: Record<string, string>;
      }),
    );
    expect(refusal(streamed)).toBe('request_too_large');
    expect((await handler(pageRequest(TOKEN_URL, { method: 'POST', body: 'x'.repeat(1024) }))).status).toBe(
      200,
    );
    expect(upstream.requests).toHaveLength(1);
  });

  it('caps the response: refused when declared too large, cut when the stream runs over', async () => {
    const declared = proxy({
      maxResponseBytes: 100,
      upstream: upstream(() => new Response('x'.repeat(101), { headers: { 'content-length': '101' } })),
    });
    expect(refusal(await declared.handler(pageRequest(TOKEN_URL)))).toBe('response_too_large');

    let cancelled = false;
    const endless = proxy({
      maxResponseBytes: 100,
      upstream: upstream(
        () =>
          new Response(
            new ReadableStream({
              pull(controller) {
                controller.enqueue(new TextEncoder().encode('data: 0123456789\n\n'));
              },
              cancel() {
                cancelled = true;
              },
            }),
            { headers: { 'content-type': 'text/event-stream' } },
          ),
      ),
    });
    const response = await endless.handler(pageRequest('https://mcp.example.com/mcp'));
    expect(response.status).toBe(200);
    await expect(response.text()).rejects.toThrow(/over 100 bytes/);
    expect(cancelled).toBe(true);
  });

  it('gives up on an upstream that does not answer in time', async () => {
    const { handler } = proxy({
      timeoutMs: 50,
      upstream: {
        requests: [],
        fetch: (_input, init) =>
          new Promise((_resolve, reject) =>
            init.signal?.addEventListener('abort', () => reject(init.signal?.reason)),
          ),
      },
    });
    const response = await handler(pageRequest(TOKEN_URL));
    expect(response.status).toBe(504);
    expect(refusal(response)).toBe('upstream_timeout');
  });
});

describe("the confidential client's secret", () => {
  const clients = {
    'auth.example.com': { clientId: 'app-client', clientSecret: 'very-secret-value' },
    'https://mcp.example.com/realms/posted': {
      clientId: 'realm-client',
      clientSecret: 'realm-secret-value',
      tokenEndpointAuthMethod: 'client_secret_post' as const,
    },
  };
  const form = (fields: Record<string, string>) =>
    pageRequest(TOKEN_URL, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });

  it('is added server-side to the token request of the configured client (client_secret_basic)', async () => {
    const { handler, upstream, log } = proxy({ clients });
    const response = await handler(
      form({
        grant_type: 'authorization_code',
        code: 'the-code',
        client_id: 'app-client',
        code_verifier: 'v',
      }),
    );
    expect(response.status).toBe(200);
    const sent = upstream.requests[0]!;
    expect(sent.headers.get('authorization')).toBe(`Basic ${btoa('app-client:very-secret-value')}`);
    expect(new URLSearchParams(await sent.text()).get('client_secret')).toBeNull();
    expect(log.at(-1)).toMatchObject({ clientAuthentication: 'client_secret_basic' });
  });

  it('is posted in the form for client_secret_post, under the issuer path it is configured for', async () => {
    const { handler, upstream } = proxy({ clients });
    await handler(
      new Request(PROXY_URL, {
        method: 'POST',
        headers: {
          'sec-fetch-site': 'same-origin',
          [PROXY_TARGET_HEADER]: 'https://mcp.example.com/realms/posted/protocol/openid-connect/token',
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: 'grant_type=refresh_token&refresh_token=r&client_id=realm-client',
      }),
    );
    const fields = new URLSearchParams(await upstream.requests[0]!.text());
    expect(fields.get('client_secret')).toBe('realm-secret-value');
    expect(upstream.requests[0]!.headers.get('authorization')).toBeNull();
  });

  it('goes nowhere else: another client, another host, another issuer path, a body that is not a token request', async () => {
    const { handler, upstream } = proxy({ clients });
    await handler(form({ grant_type: 'authorization_code', code: 'c', client_id: 'someone-else' }));
    await handler(form({ client_id: 'app-client', note: 'not a token or revocation request' }));
    await handler(
      pageRequest(TOKEN_URL, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"grant_type":"authorization_code","client_id":"app-client"}',
      }),
    );
    await handler(
      new Request(PROXY_URL, {
        method: 'POST',
        headers: {
          'sec-fetch-site': 'same-origin',
          [PROXY_TARGET_HEADER]: 'https://mcp.example.com/realms/other/token',
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: 'grant_type=refresh_token&refresh_token=r&client_id=realm-client',
      }),
    );
    for (const sent of upstream.requests) {
      expect(sent.headers.get('authorization')).toBeNull();
      expect(await sent.text()).not.toMatch(/secret-value/);
    }
    expect(upstream.requests).toHaveLength(4);
  });

  it('must name a listed host, and a secret', () => {
    expect(() =>
      createProxyHandler({
        allowedHosts: ['auth.example.com'],
        clients: { 'other.example.com': clients['auth.example.com'] },
      }),
    ).toThrow(/not in allowedHosts/);
    expect(() =>
      createProxyHandler({
        allowedHosts: ['auth.example.com'],
        clients: { 'auth.example.com': { clientId: 'a', clientSecret: '' } },
      }),
    ).toThrow(ProxyConfigError);
  });
});

describe('logging', () => {
  it('logs requests and refusals without a token, a code, a secret, a cookie or a query', async () => {
    const { handler, log } = proxy({
      clients: { 'auth.example.com': { clientId: 'app-client', clientSecret: 'very-secret-value' } },
      upstream: upstream(() => Response.json({ access_token: 'issued-access-token', token_type: 'Bearer' })),
    });
    await handler(
      pageRequest(`${TOKEN_URL}?debug=query-secret`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          cookie: 'session=app-session-cookie',
          [PROXY_AUTHORIZATION_HEADER]: 'Bearer sent-access-token',
        },
        body: 'grant_type=authorization_code&code=the-authorization-code&client_id=app-client',
      }),
    );
    await handler(pageRequest('https://evil.example.net/?token=query-token'));
    expect(log.map((entry) => entry.level)).toEqual(['info', 'warn']);
    expect(log[0]).toMatchObject({ method: 'POST', target: TOKEN_URL, status: 200 });
    const written = JSON.stringify(log);
    for (const secret of [
      'very-secret-value',
      'issued-access-token',
      'sent-access-token',
      'the-authorization-code',
      'app-session-cookie',
      'query-secret',
      'query-token',
    ]) {
      expect(written).not.toContain(secret);
    }
  });
});
