import type { z } from 'zod';
import { ConfigError } from '../../core/errors';
import { InvalidServerUrlError } from '../errors';

/*
 * From the problems zod found in one server entry to the error reported: which problem comes first, and how
 * its message and `field` read.
 */

/** `mcpServers.<name>.<key>` — the path every message uses to point at a field. */
export function fieldPath(serverName: string, key?: string): string {
  return key === undefined ? `mcpServers.${serverName}` : `mcpServers.${serverName}.${key}`;
}

/** A path inside an entry, the way messages write it: `headers.X-Api-Key`, `args[1]`. */
function keyOf(path: readonly PropertyKey[]): string | undefined {
  let key = '';
  for (const segment of path) {
    key += typeof segment === 'number' ? `[${segment}]` : `${key === '' ? '' : '.'}${String(segment)}`;
  }
  return key === '' ? undefined : key;
}

interface IssueLike {
  readonly path?: readonly PropertyKey[] | undefined;
  readonly params?: unknown;
}

/** The field a rule across fields follows (see `ruleAfter` in ./serverEntrySchema.ts), for its issues. */
function followedField(issue: IssueLike): string | undefined {
  return (issue.params as { after?: string } | undefined)?.after;
}

/**
 * Where a problem comes in the order problems are reported: the place of its field among `fields` (the entry's
 * fields in the order they are checked), or just after the field its rule follows.
 */
export function issuePosition(issue: IssueLike, fields: readonly string[]): number {
  const after = followedField(issue);
  return after !== undefined ? fields.indexOf(after) + 0.5 : fields.indexOf(String(issue.path?.[0]));
}

/** The problem reported: the first in that order (zod lists the rules' problems after the fields'). */
export function firstIssue<T extends IssueLike>(issues: readonly T[], fields: readonly string[]): T {
  return issues.reduce((first, issue) =>
    issuePosition(issue, fields) < issuePosition(first, fields) ? issue : first,
  );
}

/**
 * The error for a problem found in server `serverName`'s entry. The schema's message says what was expected
 * and what was found; this puts the field's path in front of it, so the message reads as one sentence
 * (`mcpServers.docs.args[1] must be a string, not a number`) and `field` names the same path.
 */
export function entryIssueError(
  issue: z.core.$ZodIssue,
  serverName: string,
): ConfigError | InvalidServerUrlError {
  const field = fieldPath(serverName, keyOf(issue.path));
  if (issue.code === 'custom' && typeof issue.params?.invalidServerUrl === 'string') {
    return new InvalidServerUrlError(field, issue.params.invalidServerUrl, { serverName });
  }
  if (issue.code === 'invalid_key') {
    // A bad name is told about its object (`…headers has an invalid name "Bad Header"`); `field` is the name's path.
    const record = fieldPath(serverName, keyOf(issue.path.slice(0, -1)));
    return new ConfigError(`${record} ${issue.issues[0]?.message}`, { serverName, field });
  }
  // A rule across fields speaks about the whole entry (`mcpServers.<name> sets both …`).
  const subject = followedField(issue) !== undefined ? fieldPath(serverName) : field;
  return new ConfigError(`${subject} ${issue.message}`, { serverName, field });
}
