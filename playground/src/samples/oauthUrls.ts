/** MCP server URLs the launcher started for the OAuth scenarios (one per scenario). */
export const oauthMcpUrls = import.meta.env.VITE_OAUTH_MCP_URLS as unknown as Record<
  'popup' | 'redirect' | 'manual',
  string
>;

export const callbackUrl = new URL('/callback', window.location.origin).href;
