/**
 * From a saved session to a live one: the session record becomes a one-server MCPClient configuration, so the
 * CLI connects, authenticates and signs in exactly as the library does (no protocol logic here).
 */
import { dirname, join } from 'node:path';
import { AuthorizationRequiredError } from '../../auth/errors';
import type { TokenStore } from '../../auth/store';
import { definedFields } from '../../core/definedFields';
import type { ConnectionOptions } from '../../core/types';
import type { MCPSession } from '../../node/MCPSession';
import { deviceCodeLines } from '../../node/oauth/devicePrompt';
import { createFileStore } from '../../node/oauth/fileStore';
import { ENTERPRISE_SIGN_INS_FILE, withSharedIdpSignIn } from '../../node/oauth/idpSignInStore';
import { canOpenBrowser, openBrowser } from '../../node/oauth/openBrowser';
import { accountNote } from '../../node/oauth/accountNote';
import type { SignInPrompt } from '../../node/oauth/NodeOAuth';
import type { CliContext } from '../context';
import { elicitationHandler } from '../elicitation';
import { SessionSignedOutError, SessionsFileError, UsageError } from '../errors';
import { startSpinner } from '../output/spinner';
import { SessionOAuthStore } from './sessionOAuthStore';
import { SessionProtocolStorage } from './sessionProtocolStorage';
import { isSessionRecord, type OAuthSessionSettings, type SessionRecord } from './sessionsFile';

/** A saved session picked by `--session` or, without it, the active one. */
export interface SelectedSession {
  name: string;
  record: SessionRecord;
}

export function selectSession(ctx: CliContext, requested: string | undefined): SelectedSession {
  const data = ctx.sessions.read();
  const names = Object.keys(data.sessions);
  const name = requested ?? data.active;
  if (name === undefined || (requested === undefined && data.sessions[name] === undefined)) {
    throw new UsageError(
      names.length === 0
        ? 'No sessions yet: connect first with mcp-use client connect <url> --name <name>'
        : `No active session: pick one with mcp-use client sessions switch <name> (sessions: ${names.join(', ')})`,
    );
  }
  const record = data.sessions[name];
  if (record === undefined) {
    throw new UsageError(
      `No session named ${JSON.stringify(name)}${names.length ? ` (sessions: ${names.join(', ')})` : ''}; see mcp-use client sessions list`,
      { serverName: name },
    );
  }
  if (!isSessionRecord(record)) {
    throw new SessionsFileError(
      `Session ${JSON.stringify(name)} in ${ctx.sessions.path} is damaged; remove it with mcp-use client disconnect ${name} and connect again`,
      ctx.sessions.path,
    );
  }
  return { name, record };
}

/**
 * CLI values are literal: the shell already expanded them, so `${…}` must not be taken for a reference.
 * (A replacer function, because `$$` in a replacement string means a single `$`.)
 */
const literal = (value: string) => value.replaceAll('${', () => '$${');
const literalRecord = (record: Record<string, string> | undefined) =>
  record && Object.fromEntries(Object.entries(record).map(([key, value]) => [key, literal(value)]));

/** The MCPClient server entry of a session record. */
export function serverEntry(record: SessionRecord): Record<string, unknown> {
  if (record.transport === 'stdio') {
    return {
      command: literal(record.command),
      args: record.args.map(literal),
      ...(record.env ? { env: literalRecord(record.env) } : {}),
      cwd: literal(record.cwd),
    };
  }
  return {
    url: literal(record.url),
    ...(record.headers ? { headers: literalRecord(record.headers) } : {}),
    ...(record.authToken !== undefined ? { authToken: literal(record.authToken) } : {}),
    ...(record.oauth ? { auth: oauthEntry(record.oauth) } : {}),
  };
}

/** A session's OAuth settings as the `auth` object of a config entry (the same settings, snake_case). */
function oauthEntry(oauth: OAuthSessionSettings): Record<string, unknown> {
  const text = (value: string | undefined) => (value === undefined ? undefined : literal(value));
  return definedFields({
    // A redirect URI names its own port.
    callback_port: oauth.redirectUri === undefined ? oauth.callbackPort : undefined,
    client_id: text(oauth.clientId),
    client_secret: text(oauth.clientSecret),
    scope: text(oauth.scope),
    redirect_uri: text(oauth.redirectUri),
    token_endpoint_auth_method: oauth.tokenEndpointAuthMethod,
    authorization_params: literalRecord(oauth.authorizationParams),
    resource: typeof oauth.resource === 'string' ? literal(oauth.resource) : oauth.resource,
    trust_issuer: text(oauth.trustIssuer),
    client_name: text(oauth.clientName),
    use_id_token: oauth.useIdToken,
    client_metadata_url: text(oauth.clientMetadataUrl),
    account: text(oauth.account),
    grant: oauth.grant,
    device_code_fallback: oauth.deviceCodeFallback ? true : undefined,
    private_key_file: text(oauth.privateKeyFile),
    enterprise: oauth.enterprise
      ? { issuer: literal(oauth.enterprise.issuer), client_id: literal(oauth.enterprise.clientId) }
      : undefined,
  });
}

export interface OpenSessionOptions {
  /** Keep the connection healthy for a long-running REPL; one-shot commands need no timers. */
  longLived?: boolean;
  /**
   * Hold the stream servers send their own notifications on (resource updates), which one-shot commands
   * otherwise do without.
   */
  notifications?: boolean;
  debug?: boolean;
  /** `--timeout`: the handshake's deadline and each request's (and the authorization server's answers). */
  requestTimeoutMs?: number;
  /** The OAuth store to use; by default the one saved in the session. */
  oauthStore?: SessionOAuthStore;
  /**
   * The lists the command needs (default all four): `tools list` asks for the tools and nothing else. The
   * others stay empty.
   */
  lists?: ConnectionOptions['lists'];
  /** Where what the server speaks is remembered; by default the session's record. */
  protocolStorage?: SessionProtocolStorage;
  /**
   * Whether the user may be sent to sign in (default true). False: a needed sign-in ends the command with
   * SessionSignedOutError, naming the command that signs in.
   */
  allowSignIn?: boolean;
}

export interface OpenedSession {
  name: string;
  session: MCPSession;
  close(): Promise<void>;
}

/** The store of a saved session's OAuth records (reads and writes go to the sessions file). */
export function savedOAuthStore(ctx: CliContext, name: string, record: SessionRecord): SessionOAuthStore {
  const entries = record.transport === 'http' ? (record.oauth?.store ?? {}) : {};
  return new SessionOAuthStore(ctx.sessions, name, record.id, entries, true);
}

/**
 * A session's own store, with the enterprise IdP sign-in kept beside the sessions file instead, so that one
 * sign-in serves every session that names the same IdP and client.
 */
function withEnterpriseSignIn(ctx: CliContext, record: SessionRecord, store: TokenStore): TokenStore {
  const enterprise = record.transport === 'http' ? record.oauth?.enterprise : undefined;
  if (!enterprise) return store;
  const shared = createFileStore(join(dirname(ctx.sessions.path), ENTERPRISE_SIGN_INS_FILE));
  return withSharedIdpSignIn(store, shared, enterprise);
}

/** Shows where to sign in: the URL always, the browser only when there is one and a person at the terminal. */
function showSignIn(ctx: CliContext, name: string, record: SessionRecord, prompt: SignInPrompt): void {
  const opened = canOpenBrowser(ctx.env) && openBrowser(prompt.authorizationUrl, ctx.env);
  // --device-code=auto: say why it is the browser after all.
  if (record.transport === 'http' && record.oauth?.deviceCodeFallback) {
    ctx.out.message(
      opened
        ? 'A browser can be opened here, so signing in through it (no device code).'
        : `The authorization server of ${name} offers no device code sign-in, so signing in through a browser.`,
    );
  }
  const who = `${name}${accountNote(prompt)}`;
  ctx.out.message(
    opened
      ? `Opened your browser to sign in to ${who}. If it did not open, visit:`
      : `To sign in to ${who}, open this URL in your browser:`,
  );
  ctx.out.message(`  ${prompt.authorizationUrl}`);
  ctx.out.message(`Waiting for the sign-in to come back to ${prompt.callbackUrl} (Ctrl-C to cancel)…`);
}

const SIGN_IN_REASONS: Record<string, string> = {
  refresh_failed:
    'its authorization server no longer accepts the saved sign-in (revoked or expired), so it was removed',
  no_tokens: 'it has no saved sign-in',
  token_rejected: 'the server refuses its saved token',
  insufficient_scope: 'the server asks for more access than the saved sign-in has',
};

/** The command that signs this session in again: `login` keeps the OAuth options it was saved with. */
function signInCommand(name: string, record: SessionRecord): string {
  if (record.transport !== 'http' || !record.oauth) return `mcp-use client connect --name ${name}`;
  return `mcp-use client login ${name}`;
}

/** A needed sign-in, in the CLI's terms (which session, and the command that signs it in); others as they are. */
export function explainSignIn(name: string, record: SessionRecord, error: unknown): unknown {
  if (!(error instanceof AuthorizationRequiredError)) return error;
  const cause = error;
  const why = SIGN_IN_REASONS[cause.reason] ?? 'it needs a new sign-in';
  return new SessionSignedOutError(
    `${name} needs a new sign-in: ${why}. Sign in again at a terminal with: ${signInCommand(name, record)}`,
    cause.reason,
    { serverName: name, cause },
  );
}

/**
 * Connects to a saved session's server and resolves once it is ready (signing in through the browser if the
 * server asks for it). The caller must `close()` it; a failed attempt is closed here.
 */
export async function openSession(
  ctx: CliContext,
  name: string,
  record: SessionRecord,
  options: OpenSessionOptions = {},
): Promise<OpenedSession> {
  const spinner = startSpinner(`Connecting to ${name}…`, ctx.out.isErrTTY);
  // Loaded here, not at startup: commands that never connect (help, sessions, usage errors) stay quick.
  const { MCPClient } = await import('../../node/MCPClient');
  const client = MCPClient.fromDict(
    { mcpServers: { [name]: serverEntry(record) } },
    {
      env: ctx.env,
      clientName: 'mcp-use-cli',
      ...(options.requestTimeoutMs !== undefined ? { requestTimeoutMs: options.requestTimeoutMs } : {}),
      // A one-shot command neither waits for list changes nor outlives a dropped connection.
      ...(options.longLived ? {} : { autoReconnect: false, healthCheckIntervalMs: 0 }),
      ...(options.longLived || options.notifications ? {} : { listChanged: false }),
      ...(options.lists ? { lists: options.lists } : {}),
      // What the server speaks, remembered with the session: the next command skips the era probe.
      protocolStorage: options.protocolStorage ?? new SessionProtocolStorage(ctx.sessions, name, record),
      // Forms and URLs a server asks for during a call are answered at the terminal; the CLI has no model to
      // answer sampling requests with, so it offers none.
      onElicitation: elicitationHandler(ctx, name),
      ...(options.debug ? { onLog: (entry) => ctx.out.message(`[${entry.level}] ${entry.message}`) } : {}),
      // A stdio server's log lines are its text like any other: shown on stderr through Output, escaped.
      onServerStderr: (line) => ctx.out.message(line),
      tokenStore: withEnterpriseSignIn(ctx, record, options.oauthStore ?? savedOAuthStore(ctx, name, record)),
      oauth: {
        interactive: options.allowSignIn !== false,
        onSignIn: (prompt) => {
          spinner.stop();
          showSignIn(ctx, name, record, prompt);
        },
        onDeviceCode: (prompt) => {
          spinner.stop();
          for (const line of deviceCodeLines({ ...prompt, serverName: name })) ctx.out.message(line);
        },
      },
    },
  );
  try {
    const session = await client.createSession(name);
    return { name, session, close: () => client.closeAllSessions() };
  } catch (error) {
    await client.closeAllSessions();
    throw options.allowSignIn === false ? explainSignIn(name, record, error) : error;
  } finally {
    spinner.stop();
  }
}
