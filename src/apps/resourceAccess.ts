import { UriTemplate } from '@modelcontextprotocol/client';
import type { ConnectionSnapshot } from '../core/types';
import { uiResourceUriOf } from './uiResource';

/**
 * Which resources an app may read through `resources/read` (SEP-1865 lists the method for views; the host "MAY
 * decide to block some messages"): what its server declares, and nothing else. That is a resource the server lists,
 * a URI one of its resource templates produces, or the UI resource of one of its tools. A URI the server never
 * mentioned (another server's, a guessed `file:` path) is refused even if the server would answer it.
 */
export function mayAppRead(uri: string, snapshot: ConnectionSnapshot): boolean {
  if (snapshot.resources.some((resource) => resource.uri === uri)) return true;
  if (snapshot.tools.some((tool) => uiResourceUriOf(tool) === uri)) return true;
  return snapshot.resourceTemplates.some((template) => {
    try {
      return new UriTemplate(template.uriTemplate).match(uri) !== null;
    } catch {
      return false;
    }
  });
}
