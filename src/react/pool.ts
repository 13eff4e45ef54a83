import { browserEnvironment } from '../browser/browserEnvironment';
import { ConnectionPool } from '../core/connectionPool';

/** The pool `useMcp` draws from: one per page, its connections set up for the page. */
export const connectionPool = new ConnectionPool(browserEnvironment);
