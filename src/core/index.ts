export { Connection } from './Connection';
export { isAuthFailure, isSignInRequired } from './connectionAuth';
export { ConnectionPool } from './connectionPool';
export { type ConnectionEnvironment, defaultEnvironment } from './environment';
export * from './errors';
export type { FocusSource } from './focusSource';
export type { ProtocolStorage } from './protocolMemory';
export type { RetryOption, RetryPolicy } from './retryPolicy';
export type * from './types';
