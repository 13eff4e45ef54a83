/**
 * Builds the authorization request URL (RFC 6749 §4.1.1) with PKCE S256 (RFC 7636), a random `state`
 * (RFC 6749 §10.12) and the RFC 8707 `resource` indicator naming the MCP server (unless a setting leaves it out),
 * plus the extra parameters a setting asks for — never in place of one of these (./settingRules.ts).
 */
import { calculatePKCECodeChallenge, generateRandomCodeVerifier, generateRandomState } from 'oauth4webapi';
import { assertAllowedUrl } from './urlPolicy';

export interface AuthorizationRequestInput {
  /** The MCP server whose authorization server this is: the endpoint is checked against it (urlPolicy.ts). */
  serverUrl: string;
  authorizationEndpoint: string;
  clientId: string;
  redirectUri: string;
  resource?: string;
  scope?: string;
  /** Extra parameters (`authorizationParams`), already checked not to name any of the above. */
  extraParameters?: Record<string, string>;
}

export interface AuthorizationRequest {
  url: URL;
  state: string;
  codeVerifier: string;
}

export async function buildAuthorizationRequest(
  input: AuthorizationRequestInput,
): Promise<AuthorizationRequest> {
  const url = assertAllowedUrl(input.authorizationEndpoint, 'authorization_endpoint', input.serverUrl);
  const codeVerifier = generateRandomCodeVerifier();
  const state = generateRandomState();
  const params = url.searchParams;
  for (const [key, value] of Object.entries(input.extraParameters ?? {})) params.set(key, value);
  params.set('response_type', 'code');
  params.set('client_id', input.clientId);
  params.set('redirect_uri', input.redirectUri);
  params.set('code_challenge', await calculatePKCECodeChallenge(codeVerifier));
  params.set('code_challenge_method', 'S256');
  params.set('state', state);
  if (input.resource !== undefined) params.set('resource', input.resource);
  if (input.scope) params.set('scope', input.scope);
  return { url, state, codeVerifier };
}
