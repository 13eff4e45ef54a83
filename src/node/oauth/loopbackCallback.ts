/**
 * The loopback redirect of a native app (RFC 8252 §7.3): a one-shot HTTP listener on 127.0.0.1 that receives
 * the authorization response from the user's browser. It only answers the callback path, only accepts the
 * `state` of the sign-in in progress, and never writes a request parameter into its pages.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { isLoopbackHost } from '../../auth/clientMetadataUrl';
import { McpUseError } from '../../core/errors';
import { CallbackPortInUseError, SignInAbortedError, SignInTimeoutError } from './errors';

/** RFC 8252 §8.3: the loopback IP literal, not `localhost` (which may resolve elsewhere or to IPv6 only). */
export const LOOPBACK_HOST = '127.0.0.1';
export const CALLBACK_PATH = '/callback';
export const DEFAULT_CALLBACK_PORT = 8080;

export function loopbackCallbackUrl(port: number): string {
  return `http://${LOOPBACK_HOST}:${port}${CALLBACK_PATH}`;
}

/** Where the listener listens and which path it answers: what a redirect URI names, exactly. */
export interface LoopbackAddress {
  /** The address to listen on (an IP literal). */
  host: string;
  port: number;
  path: string;
}

/**
 * Why `url` cannot be the redirect URI of the loopback listener, or undefined: it must be `http:` on a loopback
 * host (RFC 8252 §7.3) — the listener takes exactly that host, port and path — with no fragment (RFC 6749 §3.1.2).
 */
export function loopbackRedirectProblem(url: string): string | undefined {
  if (!URL.canParse(url)) return 'is not a URL';
  const parsed = new URL(url);
  if (parsed.protocol !== 'http:' || !isLoopbackHost(parsed.hostname)) {
    return 'must be an http: URL on 127.0.0.1, localhost or [::1] (the sign-in listener takes that address)';
  }
  if (parsed.hash !== '' || url.includes('#')) return 'must not have a fragment';
  return undefined;
}

/** The address a (checked) loopback redirect URI names. `localhost` is listened for on 127.0.0.1 (RFC 8252 §8.3). */
export function loopbackAddress(redirectUri: string): LoopbackAddress {
  const url = new URL(redirectUri);
  return {
    host: url.hostname === '[::1]' ? '::1' : LOOPBACK_HOST,
    port: url.port === '' ? 80 : Number(url.port),
    path: url.pathname,
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      reject(
        error.code === 'EADDRINUSE' || error.code === 'EACCES'
          ? new CallbackPortInUseError(port, { host })
          : error,
      );
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    // A browser keeps its connection alive after the page loads: end it, or close() waits for it.
    server.closeAllConnections();
  });
}

/** Throws CallbackPortInUseError when nothing can listen on `host`:`port` (default 127.0.0.1) right now. */
export async function assertPortFree(port: number, host = LOOPBACK_HOST): Promise<void> {
  const probe = createServer();
  await listen(probe, port, host);
  await closeServer(probe);
}

const PAGE_STYLE =
  'body{font:16px system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#222}h1{font-size:1.4rem}';

/** A fixed page: the only variable part is one of our own messages, escaped anyway. */
function page(title: string, message: string): string {
  const escapeHtml = (text: string) =>
    text.replace(
      /[&<>"']/g,
      (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
    );
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${PAGE_STYLE}</style></head><body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p></body></html>`;
}

function respond(res: ServerResponse, status: number, html: string): Promise<void> {
  return new Promise((resolve) => {
    res.writeHead(status, {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      // The callback URL carries the code: never hand it on to another site.
      'Referrer-Policy': 'no-referrer',
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
      Connection: 'close',
    });
    // Resolve once the page is handed to the socket, so closing the listener afterwards cannot cut it off.
    res.end(html, () => resolve());
  });
}

export interface ReceiveCallbackOptions {
  port: number;
  /** Listen on this address (default 127.0.0.1) … */
  host?: string;
  /** … and answer this path only (default `/callback`). */
  path?: string;
  /** The `state` of the authorization request; responses with any other state are turned away. */
  state: string;
  /** Redeems the authorization response (code exchange); its rejection fails the sign-in. */
  complete: (callbackUrl: URL) => Promise<void>;
  signal: AbortSignal;
  timeoutMs: number;
  /** Called once the listener is up: the moment to send the user to the authorization URL. */
  onListening?: () => void | Promise<void>;
  serverUrl?: string;
}

/**
 * Listens on 127.0.0.1:`port` until the browser brings back the authorization response for `state`, completes
 * it, shows the user a result page and closes. Rejects with CallbackPortInUseError, SignInTimeoutError,
 * SignInAbortedError or the completion's error. Always closes the listener and clears its timer.
 */
export async function receiveCallback(options: ReceiveCallbackOptions): Promise<void> {
  const details = options.serverUrl !== undefined ? { serverUrl: options.serverUrl } : {};
  if (options.signal.aborted) throw new SignInAbortedError(details);
  let settle: (error?: unknown) => void = () => undefined;
  const outcome = new Promise<void>((resolve, reject) => {
    settle = (error) => (error === undefined ? resolve() : reject(error));
  });
  // It may settle (abort, timeout) while onListening is still running: awaited below, never unhandled.
  outcome.catch(() => undefined);
  let consumed = false;

  const host = options.host ?? LOOPBACK_HOST;
  const path = options.path ?? CALLBACK_PATH;
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', `http://${host.includes(':') ? `[${host}]` : host}:${options.port}`);
    if (req.method !== 'GET' || url.pathname !== path) {
      await respond(res, 404, page('Not found', 'This address only receives the mcp-use sign-in.'));
      return;
    }
    // Another state is a stale tab or a forged request: turn it away and keep waiting for the real one.
    if (consumed || url.searchParams.get('state') !== options.state) {
      await respond(
        res,
        400,
        page('Sign-in link not recognised', 'This is not the sign-in that is in progress. Start again.'),
      );
      return;
    }
    consumed = true;
    try {
      await options.complete(url);
    } catch (error) {
      await respond(
        res,
        400,
        page(
          'Sign-in failed',
          'The sign-in did not complete. The terminal says why; you can close this tab.',
        ),
      );
      settle(error);
      return;
    }
    await respond(res, 200, page('Signed in', 'You are signed in. You can close this tab.'));
    settle();
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500).end();
      settle(error);
    });
  });
  await listen(server, options.port, host);

  const timer = setTimeout(
    () => settle(new SignInTimeoutError(options.timeoutMs, details)),
    options.timeoutMs,
  );
  const onAbort = () => settle(new SignInAbortedError(details));
  options.signal.addEventListener('abort', onAbort, { once: true });
  try {
    await options.onListening?.();
    await outcome;
  } catch (error) {
    throw error instanceof McpUseError || !(error instanceof Error)
      ? error
      : new McpUseError('auth_token_failed', `Sign-in failed: ${error.message}`, {
          ...details,
          cause: error,
        });
  } finally {
    clearTimeout(timer);
    options.signal.removeEventListener('abort', onAbort);
    await closeServer(server);
  }
}
