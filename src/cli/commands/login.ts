/**
 * `login` and `logout`: a saved session's tokens, managed without calling anything. `login` signs in afresh —
 * through the browser, a device code or client credentials, as the session was saved — and keeps the new tokens
 * only once the server accepted them; `logout` revokes and forgets them and keeps the session. Together with
 * `--stored-auth-only` they are the hand-off to CI: sign in at a terminal, run unattended afterwards.
 */
import type { Command } from 'commander';
import { withoutTokens } from '../../auth/storeKeys';
import { definedFields } from '../../core/definedFields';
import type { CliContext } from '../context';
import { UsageError } from '../errors';
import { parseTimeout } from '../parseInput';
import { openSession, savedOAuthStore, selectSession } from '../sessions/openSession';
import { SessionOAuthStore } from '../sessions/sessionOAuthStore';
import { type HttpSessionRecord, isSessionRecord, type SessionRecord } from '../sessions/sessionsFile';
import { examples, timeoutOption } from './shared';

interface LoginOptions {
  timeout?: string;
  debug?: boolean;
}

/** The session, if it signs in with OAuth; a usage error naming what it uses instead otherwise. */
function oauthSession(
  ctx: CliContext,
  requested: string | undefined,
): { name: string; record: HttpSessionRecord } {
  const { name, record } = selectSession(ctx, requested);
  if (record.transport !== 'http' || !record.oauth) {
    const uses =
      record.transport === 'stdio' ? 'is a --stdio session' : 'authenticates with a token or header';
    throw new UsageError(`${name} ${uses}, not OAuth: there is nothing to sign in to`, { serverName: name });
  }
  return { name, record };
}

export async function login(
  ctx: CliContext,
  requested: string | undefined,
  options: LoginOptions,
): Promise<void> {
  const requestTimeoutMs = parseTimeout(options.timeout);
  const { name, record } = oauthSession(ctx, requested);
  const oauth = record.oauth as NonNullable<HttpSessionRecord['oauth']>;
  // In memory until the new sign-in worked: a failed or cancelled one leaves the saved tokens as they were.
  const store = new SessionOAuthStore(ctx.sessions, name, record.id, withoutTokens(oauth.store), false);
  const opened = await openSession(ctx, name, record, {
    oauthStore: store,
    debug: options.debug === true,
    ...definedFields({ requestTimeoutMs }),
  });
  await opened.close();
  let saved = false;
  await ctx.sessions.update((data) => {
    const current: unknown = data.sessions[name];
    // Removed or replaced meanwhile: nothing of ours to update.
    if (
      !isSessionRecord(current) ||
      current.id !== record.id ||
      current.transport !== 'http' ||
      !current.oauth
    )
      return false;
    current.oauth.store = store.snapshot();
    saved = true;
    return true;
  });
  if (!saved)
    throw new UsageError(`${name} was removed while signing in; connect again`, { serverName: name });
  ctx.out.message(`Signed in to ${name}.`);
}

export async function logout(
  ctx: CliContext,
  requested: string | undefined,
  options: LoginOptions,
): Promise<void> {
  const timeoutMs = parseTimeout(options.timeout);
  const { name, record } = oauthSession(ctx, requested);
  const saved = record.oauth as NonNullable<HttpSessionRecord['oauth']>;
  // The OAuth engine loads with the command that uses it, not with every start of the CLI.
  const { NodeOAuth } = await import('../../node/oauth/NodeOAuth');
  const oauth = new NodeOAuth({
    serverUrl: record.url,
    serverName: name,
    callbackPort: saved.callbackPort,
    ...definedFields({ account: saved.account }),
    // The saved session's store: the deletion is written to the sessions file at once.
    tokenStore: savedOAuthStore(ctx, name, record as SessionRecord),
    ...definedFields({ requestTimeoutMs: timeoutMs }),
    ...(options.debug ? { log: (level, message) => ctx.out.message(`[${level}] ${message}`) } : {}),
  });
  if (!(await oauth.session.hasTokens())) {
    ctx.out.message(`${name} was not signed in.`);
    return;
  }
  // Revocation is best effort (RFC 7009): the tokens are forgotten here whatever the server answers.
  await oauth.logout();
  ctx.out.message(
    `Signed out of ${name}; the session is kept (mcp-use client login ${name} signs in again).`,
  );
}

export function registerLogin(client: Command, ctx: CliContext): void {
  examples(
    timeoutOption(
      client
        .command('login')
        .description(
          'sign a saved session in afresh (browser, device code or client credentials, as it was saved)',
        )
        .argument('[name]', 'session name (default: the active one)')
        .option('--debug', 'log sign-in steps on stderr (never tokens)'),
    ),
    [
      'mcp-use client login my-server',
      'mcp-use client login ci   # then: mcp-use client tools list --session ci --stored-auth-only',
    ],
  ).action((name: string | undefined, options: LoginOptions) => login(ctx, name, options));

  examples(
    timeoutOption(
      client
        .command('logout')
        .description("revoke and forget a saved session's tokens, keeping the session")
        .argument('[name]', 'session name (default: the active one)')
        .option('--debug', 'log sign-out steps on stderr (never tokens)'),
    ),
    ['mcp-use client logout my-server'],
  ).action((name: string | undefined, options: LoginOptions) => logout(ctx, name, options));
}
