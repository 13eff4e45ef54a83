// What bench/run.mjs and bench/cli/run.mjs load: run the CLI bench, then format its results.
import { CLI_RUNS, type CliResults } from './main';
import { formatCli as format } from './report';

export { runCliBench } from './main';

export const formatCli = (results: CliResults): string => format(results, CLI_RUNS);
