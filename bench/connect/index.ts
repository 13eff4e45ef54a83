// What bench/run.mjs loads: run the connect bench, then format its results.
import { BEARER_RUNS, type ConnectResults, OAUTH_RUNS } from './main';
import { formatConnect as format } from './report';

export { runConnectBench } from './main';

export const formatConnect = (results: ConnectResults): string =>
  format(results, { bearer: BEARER_RUNS, oauth: OAUTH_RUNS });
