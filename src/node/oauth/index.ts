// OAuth for Node: the engine (src/auth) with a 0600 file store and a loopback redirect (RFC 8252).
export {
  DEFAULT_AUTH_TIMEOUT_MS,
  defaultSignInPrompt,
  NodeOAuth,
  type NodeOAuthOptions,
  type SignInPrompt,
} from './NodeOAuth';
export { createFileStore, defaultOAuthStorePath } from './fileStore';
export { CALLBACK_PATH, DEFAULT_CALLBACK_PORT, loopbackCallbackUrl } from './loopbackCallback';
export {
  CallbackPortInUseError,
  DeviceAccessDeniedError,
  DeviceCodeExpiredError,
  GrantNotSupportedError,
  PrivateKeyError,
  SignInAbortedError,
  SignInTimeoutError,
} from './errors';
export { type DeviceCodePrompt, defaultDeviceCodePrompt } from './devicePrompt';
export { ClientCredentialsAuth, type ClientCredentialsAuthOptions } from './grants/ClientCredentialsAuth';
