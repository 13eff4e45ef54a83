// What both builds of the `mcp-use` entry export: the connection core and the OAuth engine's errors, which any
// connection with OAuth can end in. Not an entry of its own (see src/index.ts and src/browser.ts).
export * from './core/index';
export {
  AuthErrorCode,
  AuthorizationRequiredError,
  type AuthorizationRequiredReason,
  AuthorizationServerError,
  DiscoveryError,
  type FlowContext,
  InsecureUrlError,
  InvalidStateError,
  type InvalidStateReason,
  IssuerMismatchError,
  PkceUnsupportedError,
  type PrivateNetwork,
  PrivateNetworkUrlError,
  RefreshError,
  RefreshUnavailableError,
  RegistrationError,
  ResourceMismatchError,
  ResponseTooLargeError,
  SignInRequiredError,
  StepUpExhaustedError,
  TokenRequestError,
} from './auth/errors';
export { IdJagRefusedError, IdJagRejectedError } from './auth/enterpriseErrors';
export {
  ClientAuthenticationError,
  ClientIdRequiredError,
  OAuthSettingError,
  type RedirectRefusal,
  RedirectUriRefusedError,
  ResourceRejectedError,
  ScopeRejectedError,
  TokenRefusedError,
} from './auth/diagnosticErrors';
export type { OAuthClientSettings } from './auth/clientSettings';
export type { SettingName } from './auth/settingNames';
export type { TokenEndpointAuthMethod } from './auth/types';
export type { BearerChallenge } from './auth/wwwAuthenticate';
export type { StoreWriteOptions, TokenStore } from './auth/store';
export type { LockFn, LockLease } from './auth/lock';
