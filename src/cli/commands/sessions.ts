import type { Command } from 'commander';
import { holdsTokens } from '../../auth/storeKeys';
import { authorizationHeaderName } from '../../core/httpRules';
import { isCredentialName, redactUrl, redactUrlsIn } from '../../core/redactUrl';
import type { CliContext } from '../context';
import { UsageError } from '../errors';
import { formatTable } from '../output/table';
import { isSessionRecord, type SessionRecord } from '../sessions/sessionsFile';
import { examples } from './shared';

/** How a session authenticates, in one word; never the credentials themselves. */
export function authKind(record: SessionRecord): string {
  if (record.transport === 'stdio') return 'none';
  if (record.authToken !== undefined) return 'bearer';
  if (authorizationHeaderName(record.headers) !== undefined) return 'header';
  // Ready for OAuth, but signed in only once the engine has stored tokens.
  return holdsTokens(record.oauth?.store) ? 'oauth' : 'none';
}

/**
 * A command line with what looks like a secret masked: the value of `--api-key=…`, of the word after `--token`,
 * and credentials inside URLs (the same names as redactUrl's).
 */
function redactedWords(words: readonly string[]): string[] {
  return words.map((word, index) => {
    const equals = word.indexOf('=');
    const name = equals > 0 ? optionName(word.slice(0, equals)) : undefined;
    if (name !== undefined && isCredentialName(name)) return `${word.slice(0, equals)}=***`;
    const previous = index > 0 ? optionName(words[index - 1] as string) : undefined;
    if (previous !== undefined && isCredentialName(previous)) return '***';
    return redactUrlsIn(word);
  });
}

/** `--api-key` → `api-key`; undefined for a word that is not an option. */
function optionName(word: string): string | undefined {
  return /^--?([A-Za-z0-9][\w.-]*)$/.exec(word)?.[1];
}

/**
 * What a session connects to, as shown to people (the table and --json): the URL with its credentials masked, or
 * the command line with what looks like a secret masked (its environment may hold secrets: never shown).
 */
export function target(record: SessionRecord): string {
  if (record.transport === 'http') return redactUrl(record.url);
  return redactedWords([record.command, ...record.args])
    .map((word) => (/[\s'"]/.test(word) ? JSON.stringify(word) : word))
    .join(' ');
}

interface SessionSummary {
  name: string;
  active: boolean;
  transport?: string;
  target?: string;
  auth?: string;
  /** `--account`: which of the user's accounts on the server; absent for the default one. */
  account?: string;
  damaged?: true;
}

export function summarizeSessions(ctx: CliContext): SessionSummary[] {
  const data = ctx.sessions.read();
  return Object.entries(data.sessions).map(([name, record]) =>
    isSessionRecord(record)
      ? {
          name,
          active: name === data.active,
          transport: record.transport,
          target: target(record),
          auth: authKind(record),
          ...(record.transport === 'http' && record.oauth?.account !== undefined
            ? { account: record.oauth.account }
            : {}),
        }
      : { name, active: name === data.active, damaged: true },
  );
}

export function listSessions(ctx: CliContext, json: boolean): void {
  const sessions = summarizeSessions(ctx);
  if (json) {
    ctx.out.json(sessions);
    return;
  }
  if (sessions.length === 0) {
    ctx.out.message('No sessions yet: connect with mcp-use client connect <url> --name <name>');
    return;
  }
  ctx.out.data(
    formatTable(
      ['', 'NAME', 'TRANSPORT', 'AUTH', 'ACCOUNT', 'TARGET'],
      sessions.map((s) => [
        s.active ? '*' : '',
        s.name,
        s.transport ?? '?',
        s.auth ?? '?',
        // The default account has no name.
        s.account ?? '',
        s.damaged ? '(damaged: remove it with mcp-use client disconnect)' : (s.target ?? ''),
      ]),
      ctx.out.isTTY ? ctx.out.columns : undefined,
    ),
  );
}

export async function switchSession(ctx: CliContext, name: string): Promise<void> {
  let known: string[] = [];
  await ctx.sessions.update((data) => {
    known = Object.keys(data.sessions);
    if (!(name in data.sessions)) return false;
    data.active = name;
    return true;
  });
  if (!known.includes(name)) {
    throw new UsageError(
      `No session named ${JSON.stringify(name)} (sessions: ${known.join(', ') || 'none'}); see mcp-use client sessions list`,
    );
  }
  ctx.out.message(`Active session: ${name}`);
}

export function registerSessions(client: Command, ctx: CliContext): void {
  const sessions = client.command('sessions').description('list saved sessions and choose the active one');
  examples(sessions, ['mcp-use client sessions list', 'mcp-use client sessions switch my-server']);

  examples(
    sessions
      .command('list')
      .description('list saved sessions (* marks the active one); never shows tokens')
      .option('--json', 'print JSON on stdout'),
    ['mcp-use client sessions list', 'mcp-use client sessions list --json'],
  ).action(async (options: { json?: boolean }) => listSessions(ctx, options.json === true));

  examples(
    sessions
      .command('switch')
      .description('make a session the active one (used when --session is not given)')
      .argument('<name>', 'session name'),
    ['mcp-use client sessions switch my-server'],
  ).action((name: string) => switchSession(ctx, name));
}
