/**
 * The device authorization grant (RFC 8628) for a machine with no browser: ask the authorization server for a
 * device code and a user code, show the user where to enter it, and poll the token endpoint until they approved
 * it on another device, refused it, or the code expired. The tokens are bound to the MCP server (RFC 8707
 * `resource`) and stored like those of a browser sign-in, so refreshing them is the engine's usual work.
 */
import {
  type AuthorizationServer,
  deviceAuthorizationRequest,
  deviceCodeGrantRequest,
  processDeviceAuthorizationResponse,
  processDeviceCodeResponse,
} from 'oauth4webapi';
import { oauthClient } from '../../../auth/clientAuthentication';
import { discoverServer } from '../../../auth/discoverServer';
import type { ResolvedOAuthEnv } from '../../../auth/env';
import { safeCause, TokenRequestError } from '../../../auth/errors';
import { McpUseError } from '../../../core/errors';
import { DEFAULT_CLIENT_NAME, registerClient } from '../../../auth/registerClient';
import { selectScope } from '../../../auth/scope';
import { tokenEndpointFailure } from '../../../auth/tokenEndpointError';
import { tokenRecordFromResponse } from '../../../auth/tokenStore';
import {
  type ClientCredentials,
  type DiscoveryRecord,
  endpointsOf,
  type TokenRecord,
} from '../../../auth/types';
import { assertAllowedUrl, requestOptions } from '../../../auth/urlPolicy';
import type { BearerChallenge } from '../../../auth/wwwAuthenticate';
import {
  DeviceAccessDeniedError,
  DeviceCodeExpiredError,
  GrantNotSupportedError,
  SignInAbortedError,
} from '../errors';

/** RFC 8628 §3.4: the grant type of the device access token request. */
export const DEVICE_CODE_GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:device_code';

/** RFC 8628 §3.2: the interval the client waits between polls when the server names none. */
export const DEFAULT_POLL_INTERVAL_S = 5;
/** RFC 8628 §3.5: `slow_down` adds 5 seconds to the interval, for this and every later poll. */
export const SLOW_DOWN_STEP_S = 5;

export interface DeviceGrantSettings {
  clientId?: string;
  clientSecret?: string;
  clientName?: string;
  scope?: string;
  /** Which of the user's accounts: its own registration and tokens. */
  account?: string;
  authorizationServerMetadata?: AuthorizationServer;
}

/** What the requests of one device sign-in need: the server's discovery, the client, the scope. */
export interface DeviceGrantContext {
  serverUrl: string;
  discovery: DiscoveryRecord;
  client: ClientCredentials;
  scope?: string;
  account?: string;
}

/** A device authorization (RFC 8628 §3.2), with its URLs checked and its expiry made absolute. */
export interface DeviceAuthorization {
  deviceCode: string;
  userCode: string;
  verificationUri: string;
  verificationUriComplete?: string;
  expiresInSeconds: number;
  expiresAt: number;
  intervalSeconds: number;
}

/** Whether the metadata offers the device grant (RFC 8628 §4: the endpoint is what says so). */
export function offersDeviceGrant(as: AuthorizationServer): boolean {
  const listed = as.grant_types_supported;
  return (
    as.device_authorization_endpoint !== undefined && (!listed || listed.includes(DEVICE_CODE_GRANT_TYPE))
  );
}

/** Discovery (cached), the device endpoint's presence, and the client (pre-registered, else registered for it). */
export async function prepareDeviceGrant(
  serverUrl: string,
  settings: DeviceGrantSettings,
  challenge: BearerChallenge | undefined,
  env: ResolvedOAuthEnv,
): Promise<DeviceGrantContext> {
  const discovery = await discoverServer(
    {
      serverUrl,
      grant: 'device_code',
      ...(challenge?.resourceMetadata ? { resourceMetadataUrl: challenge.resourceMetadata } : {}),
      ...(settings.authorizationServerMetadata
        ? { configuredMetadata: settings.authorizationServerMetadata }
        : {}),
    },
    env,
  );
  const as = discovery.authorizationServer;
  if (!as.device_authorization_endpoint) {
    throw new GrantNotSupportedError(
      'the device authorization grant',
      as.issuer,
      'has no device_authorization_endpoint',
      {
        serverUrl,
      },
    );
  }
  const client = await registerClient(
    as,
    {
      serverUrl,
      // No redirect URI (RFC 8628 §3.4): the registration is kept under the grant's name instead, apart from
      // the loopback one.
      redirectUri: DEVICE_CODE_GRANT_TYPE,
      applicationType: 'native',
      registrationMetadata: {
        client_name: settings.clientName ?? DEFAULT_CLIENT_NAME,
        grant_types: [DEVICE_CODE_GRANT_TYPE, 'refresh_token'],
        response_types: [],
        token_endpoint_auth_method: 'none',
        application_type: 'native',
      },
      ...(settings.clientId !== undefined ? { clientId: settings.clientId } : {}),
      ...(settings.clientSecret !== undefined ? { clientSecret: settings.clientSecret } : {}),
      ...(settings.clientName !== undefined ? { clientName: settings.clientName } : {}),
      ...(settings.account !== undefined ? { account: settings.account } : {}),
    },
    env,
  );
  const scope = selectScope({
    ...(settings.scope ? { configured: settings.scope } : {}),
    ...(challenge?.scope ? { challenge: challenge.scope } : {}),
    ...(discovery.resourceMetadata?.scopes_supported
      ? { resourceScopes: discovery.resourceMetadata.scopes_supported }
      : {}),
    ...(as.scopes_supported ? { authorizationServerScopes: as.scopes_supported } : {}),
  });
  return {
    serverUrl,
    discovery,
    client,
    ...(scope ? { scope } : {}),
    ...(settings.account !== undefined ? { account: settings.account } : {}),
  };
}

/** RFC 8628 §3.1–3.2: the device authorization request, with the RFC 8707 resource. */
export async function requestDeviceAuthorization(
  context: DeviceGrantContext,
  env: ResolvedOAuthEnv,
): Promise<DeviceAuthorization> {
  const as = context.discovery.authorizationServer;
  const { client, auth } = oauthClient(context.client);
  const endpoint = as.device_authorization_endpoint as string;
  const request = requestOptions(endpoint, 'device_authorization_endpoint', context.serverUrl, env);
  const parameters: Record<string, string> = { resource: context.discovery.resource };
  if (context.scope) parameters.scope = context.scope;
  let answer: Awaited<ReturnType<typeof processDeviceAuthorizationResponse>>;
  try {
    const response = await deviceAuthorizationRequest(as, client, auth, parameters, request);
    answer = await processDeviceAuthorizationResponse(as, client, response);
  } catch (error) {
    throw tokenFailure('The device authorization request failed', error, context.serverUrl);
  }
  // The user is sent to these: the same rules as every URL a server names (https, no loopback from afar).
  const verificationUri = assertAllowedUrl(
    answer.verification_uri,
    'verification_uri',
    context.serverUrl,
  ).href;
  const complete = answer.verification_uri_complete;
  const now = env.now();
  return {
    deviceCode: answer.device_code,
    userCode: answer.user_code,
    verificationUri,
    ...(complete
      ? { verificationUriComplete: assertAllowedUrl(complete, 'verification_uri', context.serverUrl).href }
      : {}),
    expiresInSeconds: answer.expires_in,
    expiresAt: now + answer.expires_in * 1000,
    // A server asking for less than a second between polls would have the client hammer it.
    intervalSeconds: Math.max(1, answer.interval ?? DEFAULT_POLL_INTERVAL_S),
  };
}

export interface PollOptions {
  signal: AbortSignal;
  /** Waits `ms` (default a timer), rejecting when `signal` aborts. Tests pass a fake clock's. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Gives up once this is reached (ms since the epoch) as well, e.g. the caller's own sign-in timeout. */
  deadline?: number;
  onTimeout?: () => Error;
}

function timer(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(handle);
      reject(signal.reason);
    };
    const handle = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * RFC 8628 §3.4–3.5: polls the token endpoint at the server's interval (longer after each `slow_down`) until the
 * user approved (the token record is returned), refused (DeviceAccessDeniedError), or the code expired
 * (DeviceCodeExpiredError — said by the server, or `expires_in` reached here). Bounded in time by the code's
 * expiry and in count by one poll per second of it.
 */
export async function pollDeviceToken(
  context: DeviceGrantContext,
  authorization: DeviceAuthorization,
  options: PollOptions,
  env: ResolvedOAuthEnv,
): Promise<TokenRecord> {
  const as = context.discovery.authorizationServer;
  const { client, auth } = oauthClient(context.client);
  const details = { serverUrl: context.serverUrl };
  const sleep = options.sleep ?? timer;
  let interval = authorization.intervalSeconds;
  const maxPolls = Math.ceil(authorization.expiresInSeconds) + 1;
  for (let poll = 0; poll < maxPolls; poll += 1) {
    try {
      await sleep(interval * 1000, options.signal);
    } catch {
      throw new SignInAbortedError(details);
    }
    const now = env.now();
    if (now >= authorization.expiresAt)
      throw new DeviceCodeExpiredError(authorization.expiresInSeconds, details);
    if (options.deadline !== undefined && now >= options.deadline && options.onTimeout)
      throw options.onTimeout();
    const request = requestOptions(as.token_endpoint as string, 'token_endpoint', context.serverUrl, env);
    try {
      const response = await deviceCodeGrantRequest(as, client, auth, authorization.deviceCode, {
        ...request,
        additionalParameters: { resource: context.discovery.resource },
      });
      const result = await processDeviceCodeResponse(as, client, response);
      return tokenRecordFromResponse(
        result,
        {
          serverUrl: context.serverUrl,
          ...(context.account !== undefined ? { account: context.account } : {}),
          resource: context.discovery.resource,
          authorizationServer: endpointsOf(as),
          client: context.client,
          ...(context.scope ? { requestedScope: context.scope } : {}),
        },
        env.now(),
      );
    } catch (error) {
      const oauthError = tokenEndpointFailure(error).oauthError;
      if (oauthError === 'authorization_pending') continue;
      if (oauthError === 'slow_down') {
        interval += SLOW_DOWN_STEP_S;
        env.log('info', 'the authorization server asked to poll more slowly', {
          ...details,
          intervalSeconds: interval,
        });
        continue;
      }
      if (oauthError === 'access_denied') throw new DeviceAccessDeniedError(details);
      // An authorization server that already dropped the expired code (oidc-provider's stores do) answers
      // invalid_grant, "the device code is not valid": for a code it handed out minutes ago, it expired.
      if (oauthError === 'expired_token' || oauthError === 'invalid_grant')
        throw new DeviceCodeExpiredError(authorization.expiresInSeconds, details);
      throw tokenFailure('The device sign-in failed', error, context.serverUrl);
    }
  }
  throw new DeviceCodeExpiredError(authorization.expiresInSeconds, details);
}

/** A token-endpoint failure as a TokenRequestError with the OAuth error, never the response body. */
export function tokenFailure(what: string, error: unknown, serverUrl: string): unknown {
  // Typed already (a refused URL, an answer too large): passed on as it is.
  if (error instanceof McpUseError) return error;
  const failure = tokenEndpointFailure(error);
  const suffix = failure.oauthError ? ` (${failure.oauthError})` : `: ${(error as Error).message}`;
  return new TokenRequestError(`${what}${suffix}`, {
    serverUrl,
    cause: safeCause(error),
    ...(failure.oauthError ? { oauthError: failure.oauthError } : {}),
    ...(failure.description ? { oauthErrorDescription: failure.description } : {}),
    ...(failure.status ? { status: failure.status } : {}),
  });
}
