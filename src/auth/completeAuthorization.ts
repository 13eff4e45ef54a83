/**
 * Finishes a sign-in from the authorization response alone — the callback page knows no server URL. Everything
 * else comes from the pending-flow record the state points to. This module is the root of the callback page's
 * module graph: it must not import the MCP SDK, discovery or the session (bundle-size budget).
 */
import type { OAuthEnv, ResolvedOAuthEnv } from './env';
import { resolveEnv } from './env';
import { AuthorizationServerError, type FlowContext, InvalidStateError, IssuerMismatchError } from './errors';
import { exchangeCode } from './exchangeCode';
import { takePendingFlow } from './pendingFlows';
import { lockNames } from './storeKeys';
import { tokenRecordFromResponse, writeTokens } from './tokenStore';
import type { FlowKind, PendingFlow } from './types';

export interface CompletedAuthorization {
  serverUrl: string;
  returnUrl?: string;
  flow: FlowKind;
  state: string;
}

/** Calls in progress, by state: React StrictMode runs effects twice, and both calls must share one exchange. */
const inFlight = new Map<string, Promise<CompletedAuthorization>>();

function responseParameters(callback: string | URL | URLSearchParams): URLSearchParams {
  if (callback instanceof URLSearchParams) return new URLSearchParams(callback);
  return new URL(callback).searchParams;
}

/**
 * RFC 9207 §2.4: compare `iss` with the issuer the request went to by simple string comparison, before anything
 * else is done with the response; a missing `iss` is an error when the server promised to send it.
 */
function checkIssuer(flow: PendingFlow, params: URLSearchParams, context: FlowContext): void {
  const iss = params.get('iss') ?? undefined;
  const expected = flow.authorizationServer.issuer;
  const required = flow.authorizationServer.authorization_response_iss_parameter_supported === true;
  if (iss === undefined ? required : iss !== expected) {
    throw new IssuerMismatchError('authorization_response', expected, iss, {
      serverUrl: flow.serverUrl,
      flow: context,
    });
  }
}

async function complete(
  params: URLSearchParams,
  state: string,
  env: ResolvedOAuthEnv,
): Promise<CompletedAuthorization> {
  // Across tabs the lock makes take-then-redeem atomic; within one realm `inFlight` already deduplicates.
  return env.lock(lockNames.complete(state), async () => {
    const flow = await takePendingFlow(env.store, state);
    if (!flow) throw new InvalidStateError('unknown');
    const context: FlowContext = {
      serverUrl: flow.serverUrl,
      flow: flow.flow,
      state,
      ...(flow.returnUrl !== undefined ? { returnUrl: flow.returnUrl } : {}),
    };
    if (flow.expiresAt <= env.now()) throw new InvalidStateError('expired', { serverUrl: flow.serverUrl });

    checkIssuer(flow, params, context);

    // RFC 6749 §4.1.2.1: an error response. Its fields are shown as plain strings, never as markup.
    const error = params.get('error');
    if (error) {
      const description = params.get('error_description') ?? undefined;
      const uri = params.get('error_uri') ?? undefined;
      env.log('warn', 'authorization server returned an error', { issuer: flow.issuer, error });
      throw new AuthorizationServerError(error, {
        serverUrl: flow.serverUrl,
        flow: context,
        ...(description !== undefined ? { description } : {}),
        ...(uri !== undefined ? { uri } : {}),
      });
    }
    if (!params.get('code')) {
      throw new AuthorizationServerError('invalid_request', {
        serverUrl: flow.serverUrl,
        flow: context,
        description: 'The authorization response has neither a code nor an error',
      });
    }

    // The page that prepared the sign-in may reach the token endpoint only through the app's proxy (loaded then
    // only: most callback pages never need it).
    const proxyUrl = flow.proxyUrl;
    const exchangeEnv = proxyUrl
      ? { ...env, fetch: (await import('../core/fetchThroughProxy')).fetchThroughProxy(proxyUrl, env.fetch) }
      : env;
    const response = await exchangeCode(flow, params, context, exchangeEnv);
    const record = tokenRecordFromResponse(
      response,
      // The flow holds the server, account, resource, endpoints and client the tokens belong to.
      { ...flow, requestedScope: flow.scope },
      env.now(),
    );
    await writeTokens(env.store, record);
    env.log('info', 'signed in', {
      serverUrl: flow.serverUrl,
      issuer: flow.issuer,
      scope: record.scope,
      expiresInSeconds: response.expires_in,
      refreshable: record.refreshToken !== undefined,
    });
    return context;
  });
}

/**
 * Completes the authorization for a callback URL (or its query parameters): validates state (known, unused,
 * unexpired) and `iss`, surfaces an `error` response, redeems the code and stores the tokens under
 * (MCP server URL, issuer). Concurrent calls for one state share a single exchange.
 *
 * Rejects with InvalidStateError, IssuerMismatchError, AuthorizationServerError or TokenRequestError.
 */
export function completeAuthorization(
  callback: string | URL | URLSearchParams,
  env: OAuthEnv = {},
): Promise<CompletedAuthorization> {
  const params = responseParameters(callback);
  const state = params.get('state');
  if (!state) return Promise.reject(new InvalidStateError('missing'));
  const existing = inFlight.get(state);
  if (existing) return existing;
  const promise = complete(params, state, resolveEnv(env)).finally(() => inFlight.delete(state));
  inFlight.set(state, promise);
  return promise;
}
