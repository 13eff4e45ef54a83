// The `mcp-use` entry for browsers and other non-Node runtimes: the connection core without Node modules, and
// the OAuth engine's errors, which any connection with OAuth can end in (the Node entry adds its own to these).
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
  RefreshError,
  RegistrationError,
  ResourceMismatchError,
  SignInRequiredError,
  StepUpExhaustedError,
  TokenRequestError,
} from './auth/errors';
export type { BearerChallenge } from './auth/wwwAuthenticate';
