import { Connection } from '../core/Connection';
import type { ConnectionEnvironment } from '../core/environment';
import type { ConnectionOptions } from '../core/types';
import { browserEnvironment } from './browserEnvironment';

/** The core Connection with the page's environment (focus events, per-origin stream budget, localStorage). */
export class BrowserConnection extends Connection {
  constructor(options: ConnectionOptions, environment: ConnectionEnvironment = browserEnvironment) {
    super(options, environment);
  }
}
