import { McpUseError } from '../core/errors';
import { redactUrlsIn } from '../core/redactUrl';
import { CallbackPortInUseError } from '../node/oauth/errors';
import { oneLine } from './output/Output';

/** The one-line message for an error, in the CLI's terms (flags rather than config fields). */
export function describeError(error: unknown): string {
  if (error instanceof CallbackPortInUseError) {
    return `Port ${error.port} on ${error.host} is in use, so the sign-in cannot come back to it: free it, or connect with --callback-port <port> (e.g. --callback-port ${error.port === 65_535 ? 8081 : error.port + 1})`;
  }
  if (error instanceof McpUseError) {
    if (error.code === 'unauthorized' && error.status === 401) {
      return oneLine(`${error.message} (check the token given with --auth or --header)`);
    }
    if (error.code === 'timeout')
      return oneLine(`${error.message} (a longer wait: --timeout, e.g. --timeout 2m)`);
    return oneLine(error.message);
  }
  // McpUseError masks URL credentials in its message already; other errors (a Node or SDK one) get the same here.
  if (error instanceof Error) return oneLine(redactUrlsIn(error.message));
  return oneLine(redactUrlsIn(String(error)));
}
