// The OAuth callback page, as the reference page writes it: one call to onMcpAuthorization() in an effect. In
// the popup flow it hands the result to the opener and closes itself.
import { onMcpAuthorization } from 'mcp-use/auth';
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';

function OAuthCallback() {
  const [status, setStatus] = useState<'processing' | 'success' | 'error'>('processing');
  useEffect(() => {
    onMcpAuthorization()
      .then(() => setStatus('success'))
      .catch((error: unknown) => {
        setStatus('error');
        console.error('[callback] Auth failed:', (error as { code?: string }).code, (error as Error).message);
      });
  }, []);
  if (status === 'processing') return <div>Completing authentication...</div>;
  if (status === 'success') return <div>Success!</div>;
  return <div>Authentication failed</div>;
}

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <OAuthCallback />
  </StrictMode>,
);
