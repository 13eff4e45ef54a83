import { useMcp } from 'mcp-use/react';
import { callbackUrl, oauthMcpUrls } from './oauthUrls';
import { SamplePanel } from './SamplePanel';

/** Manual authentication control: `pending_auth` waits for the user's click (preventAutoAuth defaults to true). */
export function ManualScenario() {
  const mcp = useMcp({ url: oauthMcpUrls.manual, callbackUrl });
  return (
    <section>
      <h2>Manual sign-in</h2>
      {mcp.state === 'pending_auth' ? (
        <p>
          <button type="button" onClick={mcp.authenticate}>
            Sign in to continue
          </button>{' '}
          {mcp.authUrl ? (
            <a href={mcp.authUrl} target="_blank" rel="noreferrer">
              or open the sign-in page yourself
            </a>
          ) : null}
        </p>
      ) : null}
      <SamplePanel mcp={mcp} signOut />
    </section>
  );
}
