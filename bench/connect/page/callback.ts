// The app's OAuth callback page, as the reference page writes it: one call, nothing else on the page.
import { onMcpAuthorization } from 'mcp-use/auth';

onMcpAuthorization().catch((error: { code?: string; message?: string }) => {
  document.body.textContent = `Sign-in failed: ${error.code ?? ''} ${error.message ?? ''}`;
});
