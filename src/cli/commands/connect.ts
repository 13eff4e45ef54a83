import { randomUUID } from 'node:crypto';
import type { Command } from 'commander';
import { authorizationHeaderName, parseHttpUrl } from '../../core/httpRules';
import { DEFAULT_CALLBACK_PORT } from '../../node/oauth/loopbackCallback';
import type { CliContext } from '../context';
import { UsageError } from '../errors';
import { collect, parseEnvAssignment, parseHeader, parsePort } from '../parseInput';
import { openSession } from '../sessions/openSession';
import { SessionOAuthStore } from '../sessions/sessionOAuthStore';
import {
  checkSessionName,
  nameForCommand,
  nameForUrl,
  sameTarget,
  uniqueName,
} from '../sessions/sessionNames';
import {
  type HttpSessionRecord,
  isSessionRecord,
  type SessionRecord,
  type StdioSessionRecord,
} from '../sessions/sessionsFile';
import { splitCommandLine } from '../shellWords';
import { examples } from './shared';

export interface ConnectOptions {
  name?: string;
  auth?: string;
  header?: string[];
  stdio?: string;
  env?: string[];
  callbackPort?: string;
  clientId?: string;
  clientSecret?: string;
  scope?: string;
  json?: boolean;
  debug?: boolean;
}

type NewRecord = Omit<HttpSessionRecord, 'id' | 'createdAt'> | Omit<StdioSessionRecord, 'id' | 'createdAt'>;

function httpRecord(url: string, options: ConnectOptions): NewRecord {
  const parsed = parseHttpUrl(url);
  if (!parsed) {
    throw new UsageError(
      `Invalid server URL ${JSON.stringify(url)}: expected an absolute http: or https: URL`,
    );
  }
  if (options.env?.length)
    throw new UsageError('--env is for --stdio servers; an HTTP server has no environment');
  const headers = Object.fromEntries((options.header ?? []).map(parseHeader));
  const token = options.auth?.trim();
  if (options.auth !== undefined && !token) throw new UsageError('--auth needs a token');
  const hasAuthorization = authorizationHeaderName(headers) !== undefined;
  if (token && hasAuthorization) {
    throw new UsageError('Give either --auth or an Authorization --header, not both');
  }
  const oauthFlags = ['callbackPort', 'clientId', 'clientSecret', 'scope'] as const;
  const oauthFlagGiven = oauthFlags.some((flag) => options[flag] !== undefined);
  if ((token || hasAuthorization) && oauthFlagGiven) {
    throw new UsageError(
      'OAuth options (--callback-port, --client-id, --client-secret, --scope) do not go with --auth',
    );
  }
  const record: Omit<HttpSessionRecord, 'id' | 'createdAt'> = {
    transport: 'http',
    url: parsed.href,
    ...(Object.keys(headers).length ? { headers } : {}),
    ...(token ? { authToken: token } : {}),
  };
  // Without static credentials the session is ready for OAuth: it signs in if (and when) the server asks.
  if (!token && !hasAuthorization) {
    record.oauth = {
      callbackPort:
        options.callbackPort !== undefined
          ? parsePort(options.callbackPort, '--callback-port')
          : DEFAULT_CALLBACK_PORT,
      ...(options.clientId !== undefined ? { clientId: options.clientId } : {}),
      ...(options.clientSecret !== undefined ? { clientSecret: options.clientSecret } : {}),
      ...(options.scope !== undefined ? { scope: options.scope } : {}),
      store: {},
    };
  }
  return record;
}

function stdioRecord(commandLine: string, options: ConnectOptions): NewRecord {
  const words = splitCommandLine(commandLine);
  const [command, ...args] = words;
  if (!command) throw new UsageError('--stdio needs a command line, e.g. --stdio "node server.js"');
  const httpOnly = [
    options.auth !== undefined && '--auth',
    options.header?.length && '--header',
    options.callbackPort !== undefined && '--callback-port',
    options.clientId !== undefined && '--client-id',
    options.clientSecret !== undefined && '--client-secret',
    options.scope !== undefined && '--scope',
  ].filter(Boolean);
  if (httpOnly.length)
    throw new UsageError(
      `${httpOnly.join(', ')} ${httpOnly.length > 1 ? 'are' : 'is'} for HTTP servers, not --stdio`,
    );
  const env = Object.fromEntries((options.env ?? []).map(parseEnvAssignment));
  return {
    transport: 'stdio',
    command,
    args,
    ...(Object.keys(env).length ? { env } : {}),
    cwd: process.cwd(),
  };
}

/**
 * Connects to a server, and saves it as a session once it answers (signing in first when it asks for OAuth).
 * The first session saved becomes the active one.
 */
export async function connect(
  ctx: CliContext,
  url: string | undefined,
  options: ConnectOptions,
): Promise<void> {
  if (url !== undefined && options.stdio !== undefined) {
    throw new UsageError('Give either a server URL or --stdio "<command line>", not both');
  }
  if (url === undefined && options.stdio === undefined) {
    throw new UsageError('Missing server: mcp-use client connect <url>, or --stdio "<command line>"');
  }
  const fresh = url !== undefined ? httpRecord(url, options) : stdioRecord(options.stdio as string, options);
  const data = ctx.sessions.read();
  const name =
    options.name !== undefined
      ? checkSessionName(options.name)
      : uniqueName(
          fresh.transport === 'http'
            ? nameForUrl(new URL(fresh.url))
            : nameForCommand(fresh.command, fresh.args),
          data,
          fresh,
        );
  const record = { ...fresh, id: randomUUID(), createdAt: new Date().toISOString() } as SessionRecord;

  // Connecting again to the same server keeps its sign-in: no new browser round trip for a refresh.
  const previous = data.sessions[name];
  const keptOAuth =
    record.transport === 'http' &&
    isSessionRecord(previous) &&
    previous.transport === 'http' &&
    previous.url === record.url &&
    previous.oauth?.callbackPort === record.oauth?.callbackPort &&
    previous.oauth?.clientId === record.oauth?.clientId
      ? previous.oauth?.store
      : undefined;
  const oauthStore = new SessionOAuthStore(ctx.sessions, name, record.id, keptOAuth ?? {}, false);

  const opened = await openSession(ctx, name, record, { oauthStore, debug: options.debug === true });
  const { session } = opened;
  const summary = {
    name,
    transport: session.connection.getSnapshot().transport,
    protocolVersion: session.connection.getSnapshot().protocolVersion,
    serverInfo: session.serverInfo,
    tools: session.tools.length,
    resources: session.resources.length + session.resourceTemplates.length,
    prompts: session.prompts.length,
  };
  await opened.close();

  if (record.transport === 'http' && record.oauth) record.oauth.store = oauthStore.snapshot();
  let active = name;
  let verb = 'Connected';
  await ctx.sessions.update((current) => {
    const existing = current.sessions[name];
    if (existing !== undefined) {
      verb = isSessionRecord(existing) && sameTarget(existing, record) ? 'Reconnected' : 'Replaced session';
    }
    current.sessions[name] = record;
    if (current.active === undefined || !(current.active in current.sessions)) current.active = name;
    active = current.active;
    return true;
  });
  oauthStore.markSaved();

  if (options.json) {
    ctx.out.json({ ...summary, active: active === name });
    return;
  }
  const server = summary.serverInfo ? `${summary.serverInfo.name} ${summary.serverInfo.version}` : 'server';
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  ctx.out.message(
    `${verb} ${name}: ${server} over ${summary.transport}` +
      `${summary.protocolVersion ? ` (protocol ${summary.protocolVersion})` : ''}, ` +
      `${count(summary.tools, 'tool')}, ${count(summary.resources, 'resource')}, ${count(summary.prompts, 'prompt')}.`,
  );
  ctx.out.message(
    active === name
      ? `${name} is the active session.`
      : `The active session is still ${active}; use this one with --session ${name} or mcp-use client sessions switch ${name}.`,
  );
}

export function registerConnect(client: Command, ctx: CliContext): void {
  const command = client
    .command('connect')
    .description('connect to an MCP server and save it as a session (signs in with OAuth if the server asks)')
    .argument('[url]', 'the server URL (Streamable HTTP or SSE endpoint)')
    .option('-n, --name <name>', 'session name (default: from the URL or command)')
    .option('-a, --auth <token>', 'bearer token, sent as Authorization: Bearer <token>')
    .option('-H, --header <header>', "extra HTTP header 'Name: value' (repeatable)", collect)
    .option('--stdio <command line>', 'start a local server and talk to it over stdin/stdout')
    .option('-e, --env <NAME=value>', 'environment variable for the --stdio server (repeatable)', collect)
    .option(
      '--callback-port <port>',
      `port of the OAuth sign-in redirect on 127.0.0.1 (default ${DEFAULT_CALLBACK_PORT})`,
    )
    .option('--client-id <id>', 'pre-registered OAuth client id (default: dynamic registration)')
    .option('--client-secret <secret>', 'secret of the pre-registered OAuth client')
    .option('--scope <scopes>', 'OAuth scopes to ask for (default: what the server asks)')
    .option('--json', 'print the new session as JSON on stdout')
    .option('--debug', 'log connection and sign-in steps on stderr (never tokens)');
  examples(command, [
    'mcp-use client connect https://api.example.com/mcp --name my-server --auth sk-your-api-key',
    'mcp-use client connect https://mcp.linear.app/mcp --name linear          # signs in with OAuth',
    'mcp-use client connect https://mcp.linear.app/mcp --callback-port 8081   # when 8080 is taken',
    `mcp-use client connect --stdio "node ./server.js --verbose" --name local --env API_KEY=secret`,
  ]).action((url: string | undefined, options: ConnectOptions) => connect(ctx, url, options));
}
