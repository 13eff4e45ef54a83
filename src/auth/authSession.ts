import type { McpEventFieldMap, McpEventType } from '../core/events';
import type { StepOutcome } from './authEvents';
import type { PrepareAuthorizationRequest, PreparedAuthorization } from './prepareSignIn';

/**
 * What the runtimes' plug-ins (SessionAuth and its Node and browser forms) need of a server's OAuth state: the
 * ordinary sign-in's OAuthSession, or EnterpriseSession (tokens through the enterprise IdP).
 */
export interface AuthSession {
  readonly serverUrl: string;
  /** Which of the user's accounts on the server; undefined for the default one. */
  readonly account: string | undefined;
  accessToken(): Promise<string | undefined>;
  onUnauthorized(
    response: Response | { response: Response },
    options?: { signal?: AbortSignal | undefined },
  ): Promise<void>;
  onInsufficientScope(requiredScope?: string): Promise<never>;
  prepareAuthorization(request: PrepareAuthorizationRequest): Promise<PreparedAuthorization>;
  hasTokens(): Promise<boolean>;
  /** The stored access token as it is (never refreshed here); undefined when signed out. */
  storedAccessToken(): Promise<string | undefined>;
  logout(): Promise<void>;
  clear(): Promise<void>;
  forgetClientRegistration(): Promise<void>;
  /** A sign-in failure as the error that names the setting fixing it, where there is one. */
  diagnose(error: unknown): unknown;
  // The sign-in steps as events (authEvents.ts): the ordinary sign-in reports them; a session without these
  // (EnterpriseSession) reports none.
  report?<T extends McpEventType>(type: T, fields: McpEventFieldMap[T], outcome?: StepOutcome): void;
  now?(): number;
  reportTokens?(outcome?: StepOutcome): Promise<void>;
}
