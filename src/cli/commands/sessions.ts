import type { Command } from 'commander';
import { holdsTokens } from '../../auth/storeKeys';
import { authorizationHeaderName } from '../../core/httpRules';
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

/** What a session connects to: the URL, or the command line (its environment may hold secrets: not shown). */
export function target(record: SessionRecord): string {
  if (record.transport === 'http') return record.url;
  return [record.command, ...record.args]
    .map((word) => (/[\s'"]/.test(word) ? JSON.stringify(word) : word))
    .join(' ');
}

interface SessionSummary {
  name: string;
  active: boolean;
  transport?: string;
  target?: string;
  auth?: string;
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
      ['', 'NAME', 'TRANSPORT', 'AUTH', 'TARGET'],
      sessions.map((s) => [
        s.active ? '*' : '',
        s.name,
        s.transport ?? '?',
        s.auth ?? '?',
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
