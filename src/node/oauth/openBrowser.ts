/**
 * Opening the system browser on the authorization URL, where there is one to open. The URL is passed as a
 * single argument (no shell), so nothing in it can be taken for a command.
 */
import { spawn } from 'node:child_process';

interface BrowserCommand {
  command: string;
  args: string[];
}

function browserCommand(url: string, env: NodeJS.ProcessEnv): BrowserCommand | undefined {
  switch (process.platform) {
    case 'darwin':
      return { command: 'open', args: [url] };
    case 'win32':
      // `start` is a cmd builtin that mangles `&` in URLs; the URL protocol handler takes it verbatim.
      return { command: 'rundll32', args: ['url.dll,FileProtocolHandler', url] };
    default:
      // Elsewhere a browser needs a graphical session; over SSH or in CI there is none to open.
      if (!env.DISPLAY && !env.WAYLAND_DISPLAY) return undefined;
      return { command: 'xdg-open', args: [url] };
  }
}

/** A yes/no environment variable: unset, empty, `0` and `false` are no, so `CI=false` means "not CI". */
function isSet(value: string | undefined): boolean {
  return value !== undefined && !['', '0', 'false'].includes(value.trim().toLowerCase());
}

/** `MCP_USE_NO_BROWSER` (or `CI`) asks for the URL only, never a browser. */
export function browserRefused(env: NodeJS.ProcessEnv): boolean {
  return isSet(env.MCP_USE_NO_BROWSER) || isSet(env.CI);
}

/**
 * Whether a browser can be opened for the user: nothing refuses one, a graphical session exists and the caller is
 * attached to a terminal (a script or test with piped output gets the URL printed, never a browser).
 */
export function canOpenBrowser(env: NodeJS.ProcessEnv = process.env): boolean {
  if (browserRefused(env)) return false;
  if (!process.stdout.isTTY) return false;
  return browserCommand('about:blank', env) !== undefined;
}

/** Starts the browser without waiting for it; false when there is no browser to start. Never throws. */
export function openBrowser(url: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const command = browserCommand(url, env);
  if (!command) return false;
  try {
    const child = spawn(command.command, command.args, { stdio: 'ignore', detached: true });
    child.on('error', () => undefined); // a missing xdg-open: the printed URL is still there
    child.unref();
    return true;
  } catch {
    return false;
  }
}
