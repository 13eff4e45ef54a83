import type { KeyValueStore } from '../auth/memoryStore';
import { hasPendingFlow } from '../auth/pendingFlows';

let landing: Promise<void> | undefined;

/**
 * An app page that receives the sign-in response itself finishes it as the callback page would, once per page:
 * a single-page app whose server answers every path with the app needs no callback page, even at the default
 * callback URL. Only a response whose `state` names a pending sign-in counts (an app's own `?state=` is left
 * alone). In a popup the page then closes; after a redirect it goes back to where the user started. Never
 * rejects: a failure has been reported to the page that waits for the sign-in, and this page carries on.
 */
export function completeSignInLanding(store: KeyValueStore): Promise<void> {
  landing ??= (async () => {
    const params = new URLSearchParams(window.location.search);
    const state = params.get('state');
    if (!state || !(params.has('code') || params.has('error'))) return;
    if (!(await hasPendingFlow(store, state))) return;
    // Loaded only here: most page loads are no sign-in response, and the exchange is the callback page's code.
    const { onMcpAuthorization } = await import('./onMcpAuthorization');
    await onMcpAuthorization({ store });
  })().catch(() => undefined);
  return landing;
}
