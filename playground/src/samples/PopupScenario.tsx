import { useMcp } from 'mcp-use/react';
import { callbackUrl, oauthMcpUrls } from './oauthUrls';
import { SamplePanel } from './SamplePanel';

/** The reference page's first sample: popup sign-in (the default) with the four-state UI. */
export function PopupScenario() {
  const mcp = useMcp({ url: oauthMcpUrls.popup, callbackUrl });

  let view: React.ReactNode;
  if (mcp.state === 'pending_auth') {
    view = (
      <button type="button" onClick={mcp.authenticate}>
        Authenticate with OAuth
      </button>
    );
  } else if (mcp.state === 'authenticating') {
    view = <div>Authenticating...</div>;
  } else if (mcp.state === 'ready') {
    view = <div>Connected! {mcp.tools.length} tools available</div>;
  } else {
    view = <div>Connecting...</div>;
  }

  return (
    <section>
      <h2>OAuth popup</h2>
      {view}
      <SamplePanel mcp={mcp} signOut />
    </section>
  );
}
