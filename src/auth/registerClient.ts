/**
 * Getting a client identity at an authorization server, in the MCP authorization priority order:
 * pre-registered credentials → Client ID Metadata Document (when the server supports it) → Dynamic Client
 * Registration (RFC 7591). Dynamically registered clients are stored per (issuer, redirect URI) and reused.
 */
import {
  type AuthorizationServer,
  dynamicClientRegistrationRequest,
  type JsonValue,
  processDynamicClientRegistrationResponse,
  ResponseBodyError,
} from 'oauth4webapi';
import { emitStep } from './authEvents';
import { ClientIdRequiredError, RedirectUriRefusedError } from './diagnosticErrors';
import type { ResolvedOAuthEnv } from './env';
import { RegistrationError, ResponseTooLargeError, safeCause } from './errors';
import { settingOnEachSurface } from './settingNames';
import { lockNames, storeKeys } from './storeKeys';
import type { ApplicationType, ClientCredentials, TokenEndpointAuthMethod } from './types';
import { isClientMetadataDocumentUrl } from './clientMetadataUrl';
import { requestOptions } from './urlPolicy';

export { isClientMetadataDocumentUrl };

export interface ClientRegistrationOptions {
  /** The MCP server whose authorization server this is: the registration endpoint is checked against it. */
  serverUrl: string;
  redirectUri: string;
  clientId?: string;
  clientSecret?: string;
  clientMetadataUrl?: string;
  clientName?: string;
  applicationType?: ApplicationType;
  /** RFC 7591 metadata to register with instead of the authorization code client's (the device grant's, in Node). */
  registrationMetadata?: Record<string, JsonValue>;
  /** A named account keeps a registration of its own. */
  account?: string | undefined;
  /** The `tokenEndpointAuthMethod` setting: how a pre-registered client authenticates, or what DCR asks for. */
  tokenEndpointAuthMethod?: TokenEndpointAuthMethod;
}

export const DEFAULT_CLIENT_NAME = 'mcp-use';

/**
 * OIDC Dynamic Client Registration §2 `application_type`: `web` in a browser, `native` elsewhere (CLI and
 * desktop apps receiving the code on a loopback redirect URI, RFC 8252 §7.3).
 */
export function defaultApplicationType(): ApplicationType {
  return typeof (globalThis as { document?: unknown }).document === 'undefined' ? 'native' : 'web';
}

/** RFC 8414 §2: `client_secret_basic` is the default when the server lists no methods. */
function secretAuthMethod(as: AuthorizationServer): TokenEndpointAuthMethod {
  const supported = as.token_endpoint_auth_methods_supported;
  if (!supported || supported.includes('client_secret_basic')) return 'client_secret_basic';
  if (supported.includes('client_secret_post')) return 'client_secret_post';
  return 'client_secret_basic';
}

function preregisteredClient(as: AuthorizationServer, options: ClientRegistrationOptions): ClientCredentials {
  const credentials: ClientCredentials = {
    clientId: options.clientId as string,
    // The setting wins: metadata that lists no methods, or the wrong ones, is common (RFC 8414 §2 default).
    tokenEndpointAuthMethod:
      options.tokenEndpointAuthMethod ?? (options.clientSecret ? secretAuthMethod(as) : 'none'),
    source: 'preregistered',
  };
  if (options.clientSecret) credentials.clientSecret = options.clientSecret;
  return credentials;
}

/** A metadata document URL is used only when the server says `client_id_metadata_document_supported: true`. */
function usableMetadataDocumentUrl(as: AuthorizationServer, url: string | undefined): url is string {
  return (
    url !== undefined && as.client_id_metadata_document_supported === true && isClientMetadataDocumentUrl(url)
  );
}

/** RFC 7591 §2 client metadata for a public client using the authorization code grant with refresh. */
export function dynamicRegistrationMetadata(options: ClientRegistrationOptions) {
  return {
    redirect_uris: [options.redirectUri],
    client_name: options.clientName ?? DEFAULT_CLIENT_NAME,
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    // A public client unless the setting asks for a confidential one (the server then issues a secret).
    token_endpoint_auth_method: options.tokenEndpointAuthMethod ?? 'none',
    application_type: options.applicationType ?? defaultApplicationType(),
  };
}

/**
 * RFC 7591 §3.2.1 makes `client_secret_expires_at` REQUIRED when a `client_secret` is issued, with 0 meaning
 * "does not expire". Many servers (the MCP conformance suite's among them) leave it out, and oauth4webapi refuses
 * such an answer. Read a missing value as 0: the 201 answer is otherwise handed to
 * processDynamicClientRegistrationResponse unchanged, which still checks the status, the JSON and `client_id`.
 */
async function withDefaultSecretExpiry(response: Response): Promise<Response> {
  if (response.status !== 201) return response;
  let body: unknown;
  try {
    body = await response.clone().json();
  } catch {
    return response; // not JSON: let oauth4webapi report it
  }
  if (
    body === null ||
    typeof body !== 'object' ||
    Array.isArray(body) ||
    !('client_secret' in body) ||
    'client_secret_expires_at' in body
  ) {
    return response;
  }
  await response.body?.cancel();
  return new Response(JSON.stringify({ ...body, client_secret_expires_at: 0 }), {
    status: response.status,
    statusText: response.statusText,
    headers: { 'content-type': 'application/json' },
  });
}

/** The HTTP status of a registration answer oauth4webapi found no OAuth error in (e.g. a plain-text 403). */
function refusedStatus(error: unknown): number | undefined {
  const response = (error as { cause?: unknown }).cause;
  return response instanceof Response && response.status >= 400 && response.status < 500
    ? response.status
    : undefined;
}

/**
 * RFC 7591 §3.2.2 / real servers: a registration refused for what it sent (4xx), which a setting can change —
 * some servers register only the client names they know — or avoid by registering a client in advance.
 */
function refusalHint(status: number): string {
  if (status < 400 || status >= 500) return '';
  return `: servers that register only some clients want a name they know — set ${settingOnEachSurface('clientName')} — or a client registered in advance: set ${settingOnEachSurface('clientId')}`;
}

function stillValid(credentials: ClientCredentials, nowMs: number): boolean {
  const expiresAt = credentials.clientSecretExpiresAt;
  return !credentials.clientSecret || !expiresAt || expiresAt * 1000 > nowMs;
}

async function registerDynamically(
  as: AuthorizationServer,
  options: ClientRegistrationOptions,
  env: ResolvedOAuthEnv,
): Promise<ClientCredentials> {
  if (!as.registration_endpoint) {
    throw new ClientIdRequiredError(as.issuer, options.redirectUri, {
      serverUrl: options.serverUrl,
      ...(as.client_id_metadata_document_supported === true ? { metadataDocuments: true } : {}),
    });
  }
  const request = requestOptions(as.registration_endpoint, 'registration_endpoint', options.serverUrl, env);
  try {
    const response = await dynamicClientRegistrationRequest(
      as,
      options.registrationMetadata ?? dynamicRegistrationMetadata(options),
      request,
    );
    const registered = await processDynamicClientRegistrationResponse(
      await withDefaultSecretExpiry(response),
    );
    const method = (registered.token_endpoint_auth_method as TokenEndpointAuthMethod | undefined) ?? 'none';
    const credentials: ClientCredentials = {
      clientId: registered.client_id,
      tokenEndpointAuthMethod: registered.client_secret && method === 'none' ? secretAuthMethod(as) : method,
      source: 'dynamic',
    };
    if (typeof registered.client_secret === 'string') credentials.clientSecret = registered.client_secret;
    if (typeof registered.client_secret_expires_at === 'number') {
      credentials.clientSecretExpiresAt = registered.client_secret_expires_at;
    }
    return credentials;
  } catch (error) {
    // Given up on by the caller (e.g. the connection attempt ended): nothing to report about the server.
    env.signal?.throwIfAborted();
    if (error instanceof ResponseTooLargeError) throw error;
    if (error instanceof ResponseBodyError && error.error === 'invalid_redirect_uri') {
      throw new RedirectUriRefusedError('registration', options.redirectUri, as.issuer, {
        serverUrl: options.serverUrl,
        oauthError: error.error,
        ...(error.error_description ? { description: error.error_description } : {}),
        ...(as.client_id_metadata_document_supported === true ? { metadataDocuments: true } : {}),
        status: error.status,
        cause: safeCause(error),
      });
    }
    if (error instanceof ResponseBodyError) {
      throw new RegistrationError(
        as.issuer,
        `Dynamic client registration failed (${error.error}${error.error_description ? `: ${error.error_description}` : ''})${refusalHint(error.status)}`,
        {
          oauthError: error.error,
          ...(error.error_description ? { oauthErrorDescription: error.error_description } : {}),
          status: error.status,
          cause: safeCause(error),
        },
      );
    }
    const status = refusedStatus(error);
    if (status !== undefined) {
      throw new RegistrationError(
        as.issuer,
        `Dynamic client registration at ${as.issuer} was refused (HTTP ${status})${refusalHint(status)}`,
        { status, cause: safeCause(error) },
      );
    }
    if (error instanceof RegistrationError) throw error;
    throw new RegistrationError(
      as.issuer,
      `Dynamic client registration failed: ${(error as Error).message}`,
      {
        cause: safeCause(error),
      },
    );
  }
}

/** The client identity to use with this authorization server, reported as the `registration` step. */
export async function registerClient(
  as: AuthorizationServer,
  options: ClientRegistrationOptions,
  env: ResolvedOAuthEnv,
): Promise<ClientCredentials> {
  const started = env.now();
  const report = (credentials: ClientCredentials, stored = false) => {
    emitStep(
      env,
      'registration',
      {
        method: stored ? 'stored' : credentials.source,
        issuer: as.issuer,
        clientId: credentials.clientId,
        tokenEndpointAuthMethod: credentials.tokenEndpointAuthMethod,
      },
      stored || credentials.source !== 'dynamic' ? {} : { started, status: 201 },
    );
    return credentials;
  };
  if (options.clientId) return report(preregisteredClient(as, options));
  if (usableMetadataDocumentUrl(as, options.clientMetadataUrl)) {
    return report({
      clientId: options.clientMetadataUrl,
      tokenEndpointAuthMethod: 'none',
      source: 'metadata_document',
    });
  }

  const key = storeKeys.client(as.issuer, options.redirectUri, options.account);
  const reuse = async () => {
    const stored = await env.store.get<ClientCredentials>(key);
    return stored && stillValid(stored, env.now()) ? stored : undefined;
  };
  const stored = await reuse();
  if (stored) return report(stored, true);
  // Under a lock and re-checked, so two tabs signing in at once register one client, not two.
  return env.lock(lockNames.register(as.issuer, options.redirectUri, options.account), async () => {
    const again = await reuse();
    if (again) return report(again, true);
    let credentials: ClientCredentials;
    try {
      credentials = await registerDynamically(as, options, env);
    } catch (error) {
      const status = (error as { status?: unknown }).status;
      const outcome = { started, error, ...(typeof status === 'number' ? { status } : {}) };
      emitStep(env, 'registration', { method: 'dynamic', issuer: as.issuer }, outcome);
      throw error;
    }
    report(credentials);
    await env.store.set(key, credentials);
    env.log('info', 'registered client dynamically', {
      issuer: as.issuer,
      clientId: credentials.clientId,
      tokenEndpointAuthMethod: credentials.tokenEndpointAuthMethod,
    });
    return credentials;
  });
}

/** Drops a stored dynamic registration the server no longer accepts (`invalid_client`). */
export async function forgetRegisteredClient(
  issuer: string,
  redirectUri: string,
  env: ResolvedOAuthEnv,
  account?: string,
): Promise<void> {
  await env.store.del(storeKeys.client(issuer, redirectUri, account));
}
