import { basename, extname } from 'node:path';
import { UsageError } from '../errors';
import {
  type HttpSessionRecord,
  isSessionRecord,
  type SessionsData,
  type StdioSessionRecord,
} from './sessionsFile';

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** How many numbered variants (`name-2`, `name-3`…) to try before asking the user for a --name. */
const MAX_SUFFIX = 100;

export function checkSessionName(name: string): string {
  if (!NAME.test(name)) {
    throw new UsageError(
      `Invalid session name ${JSON.stringify(name)}: use up to 64 letters, digits, '.', '_' or '-', starting with a letter or digit`,
    );
  }
  return name;
}

function slug(text: string): string {
  return text
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[^A-Za-z0-9]+|-+$/g, '')
    .slice(0, 64);
}

/** `https://api.example.com/mcp` → `api.example.com`; a port is kept (`127.0.0.1-8080`) so local servers differ. */
export function nameForUrl(url: URL, account?: string): string {
  const host = url.port ? `${url.hostname}-${url.port}` : url.hostname;
  // Another account on the same server gets a name of its own: `mcp.linear.app-work`.
  return slug(account === undefined ? host : `${host}-${account}`) || 'server';
}

/** `node ./servers/weather.mjs` → `weather`; `npx -y @scope/server-files` → `server-files`. */
export function nameForCommand(command: string, args: readonly string[]): string {
  const last = [...args].reverse().find((arg) => !arg.startsWith('-')) ?? command;
  const base = basename(last);
  return slug(base.slice(0, base.length - extname(base).length) || base) || 'server';
}

/** What identifies the server a session reaches. */
export type SessionTarget =
  | Pick<HttpSessionRecord, 'transport' | 'url' | 'oauth'>
  | Pick<StdioSessionRecord, 'transport' | 'command' | 'args' | 'cwd'>;

/**
 * Whether two sessions reach the same server as the same user (same URL and account, or same command line in
 * the same directory).
 */
export function sameTarget(a: SessionTarget, b: SessionTarget): boolean {
  if (a.transport === 'http')
    return b.transport === 'http' && a.url === b.url && a.oauth?.account === b.oauth?.account;
  return (
    b.transport === 'stdio' &&
    a.command === b.command &&
    JSON.stringify(a.args) === JSON.stringify(b.args) &&
    a.cwd === b.cwd
  );
}

/**
 * A derived name that does not take over another server's session: the same target keeps its name (connecting
 * again refreshes it), a different one gets `-2`, `-3`….
 */
export function uniqueName(base: string, data: SessionsData, target: SessionTarget): string {
  for (let n = 1; n <= MAX_SUFFIX; n += 1) {
    const candidate = n === 1 ? base : `${base.slice(0, 60)}-${n}`;
    const existing = data.sessions[candidate];
    if (existing === undefined || (isSessionRecord(existing) && sameTarget(existing, target)))
      return candidate;
  }
  throw new UsageError(`Too many sessions named like ${JSON.stringify(base)}; choose one with --name`);
}
