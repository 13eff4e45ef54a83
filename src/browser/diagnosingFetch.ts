/**
 * A fetch that says why it failed: a cross-origin request that CORS kept from the page becomes a
 * CorsBlockedError naming the endpoint and the fix, and a refusal of the app's proxy a ProxyRefusedError. Both
 * are thrown as the cause of a TypeError — what the OAuth engine and the MCP SDK expect of a failed fetch, so
 * they carry on as they would (the next metadata URL, the SDK's legacy fallback) — and `run()` gives an
 * operation that ends in such a failure that failure as its error. The diagnosis itself is loaded on failure.
 */
import { McpUseError } from '../core/errors';
import { PROXY_REFUSED_HEADER } from '../core/proxyWire';

type Fetch = (input: string | URL, init?: RequestInit) => Promise<Response>;

export interface DiagnosingFetch {
  fetch: Fetch;
  /** Runs `operation`; when it fails after a request failed as above, rejects with that request's error. */
  run<T>(operation: () => Promise<T>): Promise<T>;
}

const diagnosis = () => import('./fetchFailures');

export function diagnosingFetch(base: Fetch = (input, init) => fetch(input, init)): DiagnosingFetch {
  /** The typed failure of the latest request, if it failed that way. */
  let failure: McpUseError | undefined;
  return {
    async fetch(input, init) {
      failure = undefined;
      let response: Response;
      try {
        response = await base(input, init);
      } catch (error) {
        failure = await (await diagnosis()).failedFetch(String(input), init, error);
        throw failure ? new TypeError(failure.message, { cause: failure }) : error;
      }
      if (!response.headers.has(PROXY_REFUSED_HEADER)) return response;
      failure = await (await diagnosis()).refusal(response, String(input), init);
      throw new TypeError(failure.message, { cause: failure });
    },
    async run(operation) {
      failure = undefined;
      try {
        return await operation();
      } catch (error) {
        // Asking the user to sign in is no failure of a request.
        const signInAsked = error instanceof McpUseError && error.code === 'auth_required';
        throw failure && !signInAsked ? failure : error;
      }
    },
  };
}
