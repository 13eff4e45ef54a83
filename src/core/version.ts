// The package's version, for the clientInfo announced to servers and the CLI's --version. Read from package.json
// when the package is built (and when tests run from the sources): the bundlers keep the one field imported, so
// no other part of package.json ships.
import { version } from '../../package.json';

export const VERSION: string = version;
