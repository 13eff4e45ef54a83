// Node-only entry: everything here may import node:fs, node:child_process and the SDK's stdio transport, so the
// browser entry (src/browser.ts) must never import it.
export type { EnvSource } from './config/envReferences';
export type {
  HttpServerEntry,
  MCPClientConfig,
  OAuthEntrySettings,
  OAuthProviderMetadata,
  ServerEntry,
  StdioServerEntry,
} from './config/types';
export {
  ConfigFileError,
  ConfigNotFoundError,
  InsecureStorageError,
  InvalidServerUrlError,
  LockLostError,
  LockTimeoutError,
  MissingEnvVarError,
  NodeErrorCode,
  SessionClosedError,
  SignInLimitError,
  type StorageProblem,
  UnknownServerError,
} from './errors';
export {
  type ClientLogEntry,
  type ClientMcpEvent,
  type CreateAllSessionsResult,
  MCPClient,
  type MCPClientConfigInput,
  type MCPClientOAuthOptions,
  type MCPClientOptions,
} from './MCPClient';
export { MAX_SIGN_INS_PER_CONNECT, MCPSession } from './MCPSession';
export * from './oauth/index';
