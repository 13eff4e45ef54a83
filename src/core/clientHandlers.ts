import type { Client, ClientCapabilities } from '@modelcontextprotocol/client';
import type { ConnectionOptions } from './types';

/** What the client answers when the server asks something of it. */
export type ClientAnswers = Pick<ConnectionOptions, 'onElicitation' | 'onSampling' | 'roots'>;

/** The capabilities to declare: exactly what the given answers can handle. */
export function clientCapabilities({ onElicitation, onSampling, roots }: ClientAnswers): ClientCapabilities {
  return {
    ...(onElicitation ? { elicitation: { form: { applyDefaults: true }, url: {} } } : {}),
    ...(onSampling ? { sampling: {} } : {}),
    ...(roots ? { roots: {} } : {}),
  };
}

/** Installs the handlers of the server's requests (elicitation, sampling, roots) the answers cover. */
export function answerServerRequests(
  client: Client,
  { onElicitation, onSampling, roots }: ClientAnswers,
): void {
  if (onElicitation) {
    client.setRequestHandler('elicitation/create', ({ params }) =>
      onElicitation(params, {
        retry: false,
        ...(params.mode === 'url' ? { completed: completion(client, params.elicitationId) } : {}),
      }),
    );
  }
  if (onSampling) client.setRequestHandler('sampling/createMessage', ({ params }) => onSampling(params));
  if (roots) client.setRequestHandler('roots/list', () => ({ roots }));
}

/** When URL elicitation `elicitationId` is reported finished (the listening is loaded on first use). */
export function completion(client: Client, elicitationId: string): Promise<void> {
  return import('./notificationHub').then(({ elicitationCompleted }) =>
    elicitationCompleted(client, elicitationId),
  );
}
