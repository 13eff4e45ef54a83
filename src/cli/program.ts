import { Command } from 'commander';
import { registerConnect } from './commands/connect';
import { registerDisconnect } from './commands/disconnect';
import { registerLogin } from './commands/login';
import { registerPrompts } from './commands/prompts';
import { registerResources } from './commands/resources';
import { registerSessions } from './commands/sessions';
import { registerTasks } from './commands/tasks';
import { examples } from './commands/shared';
import { registerTools } from './commands/tools';
import { VERSION } from '../core/version';
import type { CliContext } from './context';
import { registerInteractive } from './interactive/command';

/** The `mcp-use` command tree. Errors are thrown to the caller (exitOverride), which prints and exits. */
export function createProgram(ctx: CliContext): Command {
  const program = new Command('mcp-use')
    .description('Connect to MCP servers from the terminal.')
    .version(VERSION, '-v, --version')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => process.stdout.write(text),
      writeErr: (text) => process.stderr.write(text),
    })
    .showSuggestionAfterError(true);
  examples(program, [
    'mcp-use client connect https://api.example.com/mcp --name my-server --auth sk-your-api-key',
    'mcp-use client tools list',
    'mcp-use client --help',
  ]);

  const client = program
    .command('client')
    .description('connect to MCP servers and use their tools, resources and prompts');
  examples(client, [
    'mcp-use client connect https://api.example.com/mcp --name my-server --auth sk-your-api-key',
    'mcp-use client tools list',
    `mcp-use client tools call send_email '{"to":"user@example.com"}'`,
    'mcp-use client disconnect my-server',
  ]);
  client.addHelpText(
    'after',
    `Sessions are saved in ~/.mcp-use/cli-sessions.json (mode 0600, with their tokens).
Data goes to stdout (--json for scripts), messages to stderr.
Exit status: 0 ok, 1 the call or connection failed (or a tool reported an error; or a sign-in is needed
and none may start: no terminal, or --stored-auth-only), 2 usage error, 130 cancelled with Ctrl-C (the server
is told to stop the call).
`,
  );

  registerConnect(client, ctx);
  registerDisconnect(client, ctx);
  registerLogin(client, ctx);
  registerSessions(client, ctx);
  registerTools(client, ctx);
  registerTasks(client, ctx);
  registerResources(client, ctx);
  registerPrompts(client, ctx);
  registerInteractive(client, ctx);
  return program;
}
