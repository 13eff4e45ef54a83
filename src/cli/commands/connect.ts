import { randomUUID } from 'node:crypto';
import type { Command } from 'commander';
import { DEFAULT_REQUEST_TIMEOUT_MS } from '../../core/connectionDefaults';
import { definedFields } from '../../core/definedFields';
import {
  authorizationHeaderName,
  isHttpToken,
  isSendableHeaderValue,
  parseHttpUrl,
} from '../../core/httpRules';
import { isCredentialName, redactUrl } from '../../core/redactUrl';
import type { CliContext } from '../context';
import { UsageError } from '../errors';
import { collect, parseEnvAssignment, parseHeader, parseTimeout } from '../parseInput';
import { addGrantOptions, type GrantFlags, grantFlagsGiven, grantSettings } from './grantFlags';
import { FROM_STDIN, secretFromEnv, secretFromStdin } from '../secretInput';
import { openSession } from '../sessions/openSession';
import { SessionOAuthStore } from '../sessions/sessionOAuthStore';
import { SessionProtocolStorage } from '../sessions/sessionProtocolStorage';
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
import {
  addOAuthOptions,
  type OAuthFlags,
  oauthFlagsGiven,
  oauthSettingsFromFlags,
  sameOAuthSettings,
} from './oauthOptions';
import { examples, timeoutOption } from './shared';

export interface ConnectOptions extends OAuthFlags, GrantFlags {
  name?: string;
  auth?: string;
  authEnv?: string;
  header?: string[];
  headerEnv?: string[];
  stdio?: string;
  env?: string[];
  timeout?: string;
  json?: boolean;
  debug?: boolean;
}

type NewRecord = Omit<HttpSessionRecord, 'id' | 'createdAt'> | Omit<StdioSessionRecord, 'id' | 'createdAt'>;

/** `--header-env 'Name: VAR'`: the header `Name` with the value of the environment variable VAR. */
function headerFromEnv(ctx: CliContext, text: string): [string, string] {
  const colon = text.indexOf(':');
  const name = colon > 0 ? text.slice(0, colon).trim() : '';
  // Not quoted back: a mistaken argument may be the secret itself.
  if (!isHttpToken(name)) {
    throw new UsageError(
      "--header-env expects 'Name: VAR': a header name, a colon, an environment variable name",
    );
  }
  const variable = text.slice(colon + 1).trim();
  const value = secretFromEnv(ctx, `--header-env ${name}`, variable);
  if (!isSendableHeaderValue(value)) {
    throw new UsageError(`--header-env ${name}: the environment variable ${variable} contains a line break`);
  }
  return [name, value];
}

/** The secret of a `--flag` / `--flag-env` pair, from the command line, the environment or stdin. */
async function secretOption(
  ctx: CliContext,
  flag: string,
  given: { value: string | undefined; envName: string | undefined },
  what: string,
  timeoutMs: number,
): Promise<string | undefined> {
  if (given.value !== undefined && given.envName !== undefined) {
    throw new UsageError(`Give ${flag} or ${flag}-env, not both`);
  }
  if (given.envName !== undefined) return secretFromEnv(ctx, `${flag}-env`, given.envName);
  if (given.value === FROM_STDIN) return secretFromStdin(ctx, flag, what, timeoutMs);
  return given.value;
}

async function httpRecord(
  ctx: CliContext,
  url: string,
  options: ConnectOptions,
  timeoutMs: number,
): Promise<NewRecord> {
  const parsed = parseHttpUrl(url);
  if (!parsed) {
    throw new UsageError(
      `Invalid server URL ${JSON.stringify(redactUrl(url))}: expected an absolute http: or https: URL`,
    );
  }
  if (options.env?.length)
    throw new UsageError('--env is for --stdio servers; an HTTP server has no environment');
  const typedHeaders = (options.header ?? []).map(parseHeader);
  const headers = Object.fromEntries([
    ...typedHeaders,
    ...(options.headerEnv ?? []).map((text) => headerFromEnv(ctx, text)),
  ]);
  const hasAuthorization = authorizationHeaderName(headers) !== undefined;
  const bearerGiven = options.auth !== undefined || options.authEnv !== undefined;
  if (bearerGiven && hasAuthorization) {
    throw new UsageError('Give either --auth or an Authorization --header, not both');
  }
  const oauthFlags = [...oauthFlagsGiven(options), ...grantFlagsGiven(options)];
  if ((bearerGiven || hasAuthorization) && oauthFlags.length) {
    throw new UsageError(
      `OAuth options (${oauthFlags.join(', ')}) do not go with ${bearerGiven ? '--auth' : 'an Authorization --header'}`,
    );
  }
  // Checked before anyone is asked for a secret; checked again with the secret below.
  oauthSettingsFromFlags(options, options.clientSecret ?? options.clientSecretEnv);
  const grant = grantSettings(options);
  // Only now, once the rest of the command line is known to be right, is anyone asked to type a secret.
  const auth = await secretOption(
    ctx,
    '--auth',
    { value: options.auth, envName: options.authEnv },
    'token',
    timeoutMs,
  );
  const token = auth?.trim();
  if (auth !== undefined && !token) throw new UsageError('--auth needs a token');
  const clientSecret = await secretOption(
    ctx,
    '--client-secret',
    { value: options.clientSecret, envName: options.clientSecretEnv },
    'client secret',
    timeoutMs,
  );
  const record: Omit<HttpSessionRecord, 'id' | 'createdAt'> = {
    transport: 'http',
    url: parsed.href,
    ...(Object.keys(headers).length ? { headers } : {}),
    ...(token ? { authToken: token } : {}),
  };
  // Without static credentials the session is ready for OAuth: it signs in if (and when) the server asks.
  if (!token && !hasAuthorization)
    record.oauth = { ...oauthSettingsFromFlags(options, clientSecret), ...grant, store: {} };
  return record;
}

/**
 * The flags that carried a secret in the command line itself, for the warning after connecting: the values of
 * --auth and --client-secret, and of headers and --env variables whose names say they hold one (X-API-Key,
 * Authorization, API_TOKEN… the names redactUrl masks).
 */
function secretsOnCommandLine(options: ConnectOptions): string[] {
  const named = (values: string[] | undefined, separator: string, flag: string) =>
    (values ?? [])
      .map((text) => text.slice(0, Math.max(0, text.indexOf(separator))).trim())
      .filter((name) => name !== '' && isCredentialName(name))
      .map((name) => `${flag} ${name}`);
  return [
    ...(options.auth !== undefined && options.auth !== FROM_STDIN ? ['--auth'] : []),
    ...(options.clientSecret !== undefined && options.clientSecret !== FROM_STDIN ? ['--client-secret'] : []),
    ...named(options.header, ':', '--header'),
    ...named(options.env, '=', '--env'),
  ];
}

/** What to use instead of a secret flag, for the warning. */
function saferForm(flag: string): string {
  if (flag === '--auth') return '--auth-env <VAR> or --auth - (stdin)';
  if (flag === '--client-secret') return '--client-secret-env <VAR> or --client-secret - (stdin)';
  const [kind, name] = flag.split(' ');
  if (kind === '--env') {
    return `export ${name} in the shell instead (the server inherits the environment of each command)`;
  }
  return `--header-env '${name}: <VAR>'`;
}

function stdioRecord(commandLine: string, options: ConnectOptions): NewRecord {
  const words = splitCommandLine(commandLine);
  const [command, ...args] = words;
  if (!command) throw new UsageError('--stdio needs a command line, e.g. --stdio "node server.js"');
  const httpOnly = [
    options.auth !== undefined && '--auth',
    options.authEnv !== undefined && '--auth-env',
    options.header?.length && '--header',
    options.headerEnv?.length && '--header-env',
    ...oauthFlagsGiven(options),
    ...grantFlagsGiven(options),
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
  const requestTimeoutMs = parseTimeout(options.timeout);
  const fresh =
    url !== undefined
      ? await httpRecord(ctx, url, options, requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS)
      : stdioRecord(options.stdio as string, options);
  const data = ctx.sessions.read();
  const name =
    options.name !== undefined
      ? checkSessionName(options.name)
      : uniqueName(
          fresh.transport === 'http'
            ? nameForUrl(new URL(fresh.url), fresh.oauth?.account)
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
    sameOAuthSettings(previous.oauth, record.oauth)
      ? previous.oauth?.store
      : undefined;
  const oauthStore = new SessionOAuthStore(ctx.sessions, name, record.id, keptOAuth ?? {}, false);

  const protocolStorage = new SessionProtocolStorage(ctx.sessions, name, record, false);
  const opened = await openSession(ctx, name, record, {
    oauthStore,
    protocolStorage,
    debug: options.debug === true,
    ...definedFields({ requestTimeoutMs }),
  });
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
  const protocol = protocolStorage.snapshot();
  if (Object.keys(protocol).length > 0) Object.assign(record, { protocol });
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

  if (options.json) ctx.out.json({ ...summary, active: active === name });
  else report(ctx, verb, summary, active);
  // Last, so that a failure is still reported in one line; the secret is in the shell history already.
  for (const flag of secretsOnCommandLine(options)) {
    ctx.out.message(
      `warning: ${flag} put a secret on the command line, where other users of this machine can see it (ps) and the shell history keeps it; next time use ${saferForm(flag)}`,
    );
  }
}

interface ConnectSummary {
  name: string;
  transport: string | undefined;
  protocolVersion: string | undefined;
  serverInfo: { name: string; version: string } | undefined;
  tools: number;
  resources: number;
  prompts: number;
}

/** The two lines `connect` prints for a person: what it connected to, and which session is active. */
function report(ctx: CliContext, verb: string, summary: ConnectSummary, active: string): void {
  const { name } = summary;
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
    .option(
      '-a, --auth <token>',
      "bearer token, sent as Authorization: Bearer <token>; '-' reads it from stdin",
    )
    .option(
      '--auth-env <VAR>',
      'the bearer token from the environment variable VAR (kept out of ps and history)',
    )
    .option('-H, --header <header>', "extra HTTP header 'Name: value' (repeatable)", collect)
    .option(
      '--header-env <header>',
      "header 'Name: VAR' with the value of the environment variable VAR (repeatable)",
      collect,
    )
    .option('--stdio <command line>', 'start a local server and talk to it over stdin/stdout')
    .option('-e, --env <NAME=value>', 'environment variable for the --stdio server (repeatable)', collect);
  addGrantOptions(addOAuthOptions(command))
    .option('--json', 'print the new session as JSON on stdout')
    .option('--debug', 'log connection and sign-in steps on stderr (never tokens)');
  timeoutOption(command);
  examples(command, [
    'mcp-use client connect https://api.example.com/mcp --name my-server --auth sk-your-api-key',
    'mcp-use client connect https://api.example.com/mcp --name my-server --auth-env MY_API_KEY',
    'pass show my-server | mcp-use client connect https://api.example.com/mcp --auth -',
    'mcp-use client connect https://mcp.linear.app/mcp --name linear          # signs in with OAuth',
    'mcp-use client connect https://mcp.linear.app/mcp --callback-port 8081   # when 8080 is taken',
    'mcp-use client connect https://mcp.example.com/mcp --name remote --device-code   # over SSH: a code to enter elsewhere',
    'mcp-use client connect https://mcp.example.com/mcp --name ci --client-credentials --client-id ci-bot --client-secret-env CI_BOT_SECRET',
    'mcp-use client connect https://mcp.linear.app/mcp --account work         # another account: mcp.linear.app-work',
    'mcp-use client connect https://api.githubcopilot.com/mcp/ --client-id Iv1.abc --client-secret-env GITHUB_SECRET',
    'mcp-use client connect https://mcp.example.com/mcp --no-resource --scope api://my-app/.default',
    `mcp-use client connect --stdio "node ./server.js --verbose" --name local --env LOG_LEVEL=debug`,
  ]).action((url: string | undefined, options: ConnectOptions) => connect(ctx, url, options));
}
