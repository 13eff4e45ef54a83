/**
 * Authorization-server metadata discovery in the MCP authorization order. For an issuer with a path
 * (`https://as.example/tenant`): RFC 8414 path insertion, OIDC path insertion, OIDC path append. For an issuer
 * without one: RFC 8414 then OIDC at the root. The first 200 wins; its `issuer` must be the issuer asked for.
 */
import {
  type AuthorizationServer,
  discoveryRequest,
  JSON_ATTRIBUTE_COMPARISON,
  OperationProcessingError,
  processDiscoveryResponse,
} from 'oauth4webapi';
import { emitStep } from './authEvents';
import { authorizationServerFields } from './discoveryEvents';
import type { ResolvedOAuthEnv } from './env';
import { IssuerMismatchError, PkceUnsupportedError, safeCause } from './errors';
import { askCandidate, type MetadataCandidate, discardBody, metadataRequest } from './metadataRequest';
import { settingOnEachSurface } from './settingNames';
import { assertAllowedUrl, requestOptions } from './urlPolicy';

const AS_STEP = { name: 'authorization server metadata', step: 'as_metadata' } as const;

export interface AuthorizationServerDiscovery {
  metadata: AuthorizationServer;
  url: string;
  /** The metadata's issuer is not the one asked for, and was accepted because `trustIssuer` names it. */
  trusted?: boolean;
}

/** The metadata URLs to try for an issuer, in order. */
export function authorizationServerMetadataUrls(issuer: string): string[] {
  const url = new URL(issuer);
  const path = url.pathname.replace(/\/$/, '');
  if (!path) {
    return [
      new URL('/.well-known/oauth-authorization-server', url.origin).href,
      new URL('/.well-known/openid-configuration', url.origin).href,
    ];
  }
  return [
    new URL(`/.well-known/oauth-authorization-server${path}`, url.origin).href,
    new URL(`/.well-known/openid-configuration${path}`, url.origin).href,
    new URL(`${path}/.well-known/openid-configuration`, url.origin).href,
  ];
}

function candidates(issuer: string, serverUrl: string, env: ResolvedOAuthEnv): MetadataCandidate[] {
  const issuerUrl = assertAllowedUrl(issuer, 'authorization server issuer', serverUrl);
  const options = () => requestOptions(issuerUrl, 'authorization server metadata', serverUrl, env);
  const [rfc8414, ...oidc] = authorizationServerMetadataUrls(issuer);
  const list: MetadataCandidate[] = [
    {
      url: rfc8414 as string,
      request: () => discoveryRequest(issuerUrl, { ...options(), algorithm: 'oauth2' }),
    },
  ];
  if (oidc.length === 2) {
    // OIDC with path insertion has no oauth4webapi request function.
    const inserted = oidc[0] as string;
    list.push({
      url: inserted,
      request: () => metadataRequest(inserted, 'authorization server metadata', serverUrl, env),
    });
  }
  list.push({
    url: oidc[oidc.length - 1] as string,
    request: () => discoveryRequest(issuerUrl, { ...options(), algorithm: 'oidc' }),
  });
  return list;
}

export interface AuthorizationServerDiscoveryOptions {
  /**
   * The 2025-03-26 fallback only: `issuer` is then the MCP server's origin (its "authorization base URL"), not an
   * issuer anyone named, so metadata found there may name another issuer on that same origin (e.g.
   * `<origin>/oauth`), which is then used. Everywhere else the RFC 8414 §3.3 check is exact.
   */
  acceptIssuerOnSameOrigin?: boolean;
  /**
   * The `trustIssuer` setting: metadata declaring exactly this issuer is accepted in place of the one asked for,
   * with a warning; any other issuer is still refused.
   */
  trustIssuer?: string;
}

function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}

/** What the refusal of a mismatched issuer says to do about it. */
function trustHint(actual: string | undefined, serverUrl: string, trusted: string | undefined): string {
  if (actual === undefined) return '';
  const value = JSON.stringify(actual);
  if (trusted !== undefined)
    return `; the trust_issuer setting accepts ${JSON.stringify(trusted)}, not ${value}`;
  return `. If you trust ${value} as the authorization server of ${serverUrl}, set ${settingOnEachSurface('trustIssuer')} to ${value}: exactly that issuer is then accepted, with a warning each time`;
}

/**
 * Fetches the metadata of `issuer`, which the MCP server `serverUrl` named (or whose origin it is). Resolves
 * undefined when no candidate URL serves any; throws IssuerMismatchError when a document names another issuer
 * (RFC 8414 §3.3 — refused, never skipped), except for a same-origin issuer under `acceptIssuerOnSameOrigin` and
 * the one issuer `trustIssuer` names (then `trusted` is true).
 */
export async function discoverAuthorizationServer(
  issuer: string,
  serverUrl: string,
  env: ResolvedOAuthEnv,
  options: AuthorizationServerDiscoveryOptions = {},
): Promise<AuthorizationServerDiscovery | undefined> {
  const mayAccept = options.acceptIssuerOnSameOrigin === true || options.trustIssuer !== undefined;
  for (const candidate of candidates(issuer, serverUrl, env)) {
    const { url } = candidate;
    const started = env.now();
    const found = (metadata: AuthorizationServer) => {
      emitStep(env, 'as_metadata', authorizationServerFields(url, metadata), { started, status: 200 });
      return { metadata, url };
    };
    const response = await askCandidate(candidate, AS_STEP, env);
    if (!response) continue;
    // A second reading of the same answer, for when the issuer it names is accepted in place of the asked one.
    const spare = mayAccept ? response.clone() : undefined;
    try {
      const metadata = await processDiscoveryResponse(new URL(issuer), response);
      await discardBody(spare);
      env.log('info', 'found authorization server metadata', { url, issuer: metadata.issuer });
      return found(metadata);
    } catch (error) {
      if (error instanceof OperationProcessingError && error.code === JSON_ATTRIBUTE_COMPARISON) {
        const body = (error.cause as { body?: { issuer?: unknown } }).body;
        const actual = typeof body?.issuer === 'string' ? body.issuer : undefined;
        const onSameOrigin =
          options.acceptIssuerOnSameOrigin === true && actual !== undefined && sameOrigin(actual, issuer);
        const trusted = actual !== undefined && actual === options.trustIssuer;
        if (spare && (onSameOrigin || trusted)) {
          assertAllowedUrl(actual as string, 'authorization server issuer', serverUrl);
          // Validated again in full, now expecting the issuer the document names.
          const metadata = await processDiscoveryResponse(new URL(actual as string), spare);
          env.log(
            trusted ? 'warn' : 'info',
            trusted
              ? 'accepting authorization server metadata for another issuer than the one named, as trust_issuer says'
              : 'found authorization server metadata naming another issuer on the same origin',
            { url, named: issuer, issuer: metadata.issuer },
          );
          return { ...found(metadata), ...(trusted ? { trusted } : {}) };
        }
        await discardBody(spare);
        const mismatch = new IssuerMismatchError('metadata', issuer, actual, {
          serverUrl,
          hint: trustHint(actual, serverUrl, options.trustIssuer),
        });
        emitStep(
          env,
          'as_metadata',
          { url, ...(actual ? { issuer: actual } : {}) },
          { started, error: mismatch },
        );
        throw mismatch;
      }
      await discardBody(spare);
      emitStep(env, 'as_metadata', { url }, { started, status: 200, error });
      env.log('debug', 'unusable authorization server metadata', { url, error: safeCause(error) });
    }
  }
  return undefined;
}

/**
 * MCP authorization: clients MUST use PKCE S256 and MUST refuse to proceed when the authorization server's
 * metadata does not list it in `code_challenge_methods_supported` (absent included).
 */
export function assertPkceSupported(as: AuthorizationServer): void {
  const methods = as.code_challenge_methods_supported;
  if (!Array.isArray(methods) || !methods.includes('S256'))
    throw new PkceUnsupportedError(as.issuer, methods);
}
