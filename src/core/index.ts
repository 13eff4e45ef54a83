export { type CallOptions, Connection } from './Connection';
export * from './errors';
export type { RetryOption, RetryPolicy } from './retryPolicy';
export type * from './types';
