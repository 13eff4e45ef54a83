import type { Command } from 'commander';
import type { CliContext } from '../context';
import { UsageError } from '../errors';
import { parseTimeout } from '../parseInput';
import { SessionOAuthStore } from '../sessions/sessionOAuthStore';
import { isSessionRecord } from '../sessions/sessionsFile';
import { examples } from './shared';

/** Revocation is a courtesy to the authorization server: it must not keep a disconnect waiting for long. */
const REVOKE_TIMEOUT_MS = 5_000;

/**
 * Signs out of an OAuth session where the authorization server offers revocation (RFC 7009). Best effort:
 * an unreachable server must not stop the local session from being removed.
 */
async function revokeTokens(
  ctx: CliContext,
  name: string,
  record: unknown,
  timeoutMs: number,
): Promise<boolean> {
  if (!isSessionRecord(record) || record.transport !== 'http' || !record.oauth) return false;
  // A copy in memory: the session is about to be deleted, nothing needs writing back.
  const store = new SessionOAuthStore(ctx.sessions, name, record.id, record.oauth.store, false);
  // The OAuth engine loads only here: every other command that never signs out starts without it.
  const { NodeOAuth } = await import('../../node/oauth/NodeOAuth');
  const oauth = new NodeOAuth({
    serverUrl: record.url,
    serverName: name,
    callbackPort: record.oauth.callbackPort,
    ...(record.oauth.account !== undefined ? { account: record.oauth.account } : {}),
    store,
    requestTimeoutMs: timeoutMs,
  });
  if (!(await oauth.session.hasTokens().catch(() => false))) return false;
  return oauth.logout().then(
    () => true,
    () => false,
  );
}

export async function disconnect(
  ctx: CliContext,
  name: string | undefined,
  options: { all?: boolean; timeout?: string },
): Promise<void> {
  const timeoutMs = parseTimeout(options.timeout) ?? REVOKE_TIMEOUT_MS;
  if (name !== undefined && options.all) throw new UsageError('Give a session name or --all, not both');
  const data = ctx.sessions.read();
  const known = Object.keys(data.sessions);
  const names = options.all ? known : [name ?? data.active].filter((n): n is string => n !== undefined);
  if (!options.all && names.length === 0) {
    throw new UsageError('No active session to disconnect; name one (see mcp-use client sessions list)');
  }
  const unknown = names.find((n) => !known.includes(n));
  if (unknown !== undefined) {
    throw new UsageError(
      `No session named ${JSON.stringify(unknown)} (sessions: ${known.join(', ') || 'none'}); see mcp-use client sessions list`,
    );
  }

  const signedOut = await Promise.all(names.map((n) => revokeTokens(ctx, n, data.sessions[n], timeoutMs)));
  let active: string | undefined;
  await ctx.sessions.update((current) => {
    for (const n of names) delete current.sessions[n];
    if (current.active === undefined || !(current.active in current.sessions)) {
      // The active session went away: the next one (if any) takes over, so commands keep a default.
      const next = Object.keys(current.sessions)[0];
      if (next === undefined) delete current.active;
      else current.active = next;
    }
    active = current.active;
    return true;
  });

  if (names.length === 0) {
    ctx.out.message('No sessions to disconnect.');
    return;
  }
  names.forEach((n, index) => {
    ctx.out.message(`Disconnected ${n}${signedOut[index] ? ' (signed out)' : ''}.`);
  });
  if (active !== undefined && names.includes(data.active ?? '')) ctx.out.message(`Active session: ${active}`);
}

export function registerDisconnect(client: Command, ctx: CliContext): void {
  examples(
    client
      .command('disconnect')
      .description('remove a saved session and its tokens (default: the active one)')
      .argument('[name]', 'session name')
      .option('--all', 'remove every saved session')
      .option(
        '--timeout <ms|duration>',
        `how long to wait for the authorization server to revoke the tokens (default ${REVOKE_TIMEOUT_MS / 1000}s)`,
      ),
    ['mcp-use client disconnect my-server', 'mcp-use client disconnect --all'],
  ).action((name: string | undefined, options: { all?: boolean; timeout?: string }) =>
    disconnect(ctx, name, options),
  );
}
