import type { Client, ElicitRequestURLParams } from '@modelcontextprotocol/client';
import { elicitationCompleted } from './notificationHub';
import type { ConnectionOptions } from './types';

/**
 * MCP elicitation, URL mode, "URL Elicitation Required Error" (-32042): the server refuses a request until the
 * user has been to its URLs. Each goes to `onElicitation` as a URL request that will be retried; true when the
 * user accepted them all (then the request is worth sending again).
 */
export async function acceptedAll(
  client: Client,
  elicitations: ElicitRequestURLParams[],
  onElicitation: NonNullable<ConnectionOptions['onElicitation']>,
): Promise<boolean> {
  if (elicitations.length === 0) return false;
  for (const elicitation of elicitations) {
    const completed = elicitationCompleted(client, elicitation.elicitationId);
    const answer = await onElicitation(elicitation, { completed, retry: true });
    if (answer.action !== 'accept') return false;
  }
  return true;
}
