/**
 * The OAuth 2.1 engine for MCP servers (MCP authorization, 2025-03-26 through 2026-07-28), runtime-agnostic:
 * fetch, clock, store, lock and log are injected (env.ts).
 */
export { OAuthSession, DEFAULT_REFRESH_SKEW_MS, MAX_STEP_UP_ATTEMPTS } from './OAuthSession';
export type { OAuthSessionOptions, PrepareAuthorizationRequest, PreparedAuthorization } from './OAuthSession';
export { tokenFreshness } from './tokenFreshness';
export type { TokenFreshness } from './tokenFreshness';
export { decideStepUp } from './stepUpPolicy';
export type { StepUpDecision, StepUpRequest } from './stepUpPolicy';
export { refreshUnderLock } from './refreshUnderLock';
export type { RefreshOutcome, RefreshUnderLockParts } from './refreshUnderLock';
export { completeAuthorization } from './completeAuthorization';
export type { CompletedAuthorization } from './completeAuthorization';
export { resolveEnv } from './env';
export type { AuthLog, AuthLogLevel, FetchFn, OAuthEnv, ResolvedOAuthEnv } from './env';
export { createMemoryStore, sharedMemoryStore } from './memoryStore';
export type { KeyValueStore } from './memoryStore';
export { createMutexLock, createWebLock, defaultLock } from './lock';
export type { LockFn } from './lock';
export { parseBearerChallenge, challengeFromResponse } from './wwwAuthenticate';
export type { BearerChallenge } from './wwwAuthenticate';
export { discoverServer, DISCOVERY_TTL_MS } from './discoverServer';
export { discoverProtectedResource, protectedResourceMetadataUrls } from './discoverProtectedResource';
export {
  assertPkceSupported,
  authorizationServerMetadataUrls,
  discoverAuthorizationServer,
} from './discoverAuthorizationServer';
export { registerClient, dynamicRegistrationMetadata, defaultApplicationType } from './registerClient';
export type { ClientRegistrationOptions } from './registerClient';
export { selectScope, unionScope, MAX_SCOPES } from './scope';
export { PENDING_FLOW_TTL_MS } from './pendingFlows';
export { canonicalServerUrl, resourceMatchesServer } from './resourceIdentifier';
export { assertAllowedUrl, isLoopbackHost } from './urlPolicy';
export * from './errors';
export * from './enterpriseErrors';
export { EnterpriseSession } from './EnterpriseSession';
export type { EnterpriseSessionOptions } from './EnterpriseSession';
export type { EnterpriseSettings } from './enterprise';
export type { AuthSession } from './authSession';
export type {
  ApplicationType,
  AuthorizationServerEndpoints,
  ClientCredentials,
  DiscoveryRecord,
  DiscoverySource,
  FlowKind,
  PendingFlow,
  TokenRecord,
} from './types';
