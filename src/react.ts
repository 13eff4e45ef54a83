export { type UseMcpOptions, type UseMcpResult, useMcp } from './react/useMcp';
