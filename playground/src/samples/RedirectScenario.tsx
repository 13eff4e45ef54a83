import { useMcp } from 'mcp-use/react';
import { callbackUrl, oauthMcpUrls } from './oauthUrls';
import { SamplePanel } from './SamplePanel';

/** Full-page redirect to the authorization server and back through `/callback` to this URL. */
export function RedirectScenario() {
  const mcp = useMcp({ url: oauthMcpUrls.redirect, callbackUrl, useRedirectFlow: true });
  return (
    <section>
      <h2>OAuth redirect</h2>
      {mcp.state === 'pending_auth' ? (
        <button type="button" onClick={mcp.authenticate}>
          Sign in (leaves this page and comes back)
        </button>
      ) : null}
      <SamplePanel mcp={mcp} signOut />
    </section>
  );
}
