/**
 * Secrets for `connect` that stay off the command line, where every user of the machine can read them (`ps`,
 * /proc/<pid>/cmdline) and the shell history keeps them: from an environment variable (`--auth-env VAR`; a
 * process's environment is readable by its owner only), or from stdin (`--auth -`: typed without echo at a
 * terminal, or piped from a password manager or a file).
 */
import { McpUseError } from '../core/errors';
import type { CliContext } from './context';
import { UsageError } from './errors';
import { ENV_NAME } from './parseInput';

/** The value of a secret flag that means "read it from stdin". */
export const FROM_STDIN = '-';
/** A person typing a token gets as long as a sign-in; a pipe gets the command's --timeout. */
const TYPING_TIMEOUT_MS = 5 * 60 * 1000;
/** No token is this long: a bigger input is a mistake (a binary piped in), not a secret to keep reading. */
const MAX_SECRET_LENGTH = 64 * 1024;

/**
 * The value of the environment variable `name`, given with `flag` (`--auth-env`). Errors name the variable,
 * never a value — not even the flag's argument when it is not a variable name, since that may be the secret itself.
 */
export function secretFromEnv(ctx: CliContext, flag: string, name: string): string {
  if (!ENV_NAME.test(name)) {
    throw new UsageError(
      `${flag} expects the name of an environment variable (letters, digits and _, e.g. MY_TOKEN), not its value`,
    );
  }
  const value = ctx.env[name];
  if (value === undefined) throw new UsageError(`${flag}: the environment variable ${name} is not set`);
  if (value.trim() === '') throw new UsageError(`${flag}: the environment variable ${name} is empty`);
  return value.trim();
}

/** One line from stdin for `flag` (`--auth -`), without its line break; an empty one is refused. */
export async function secretFromStdin(
  ctx: CliContext,
  flag: string,
  what: string,
  timeoutMs: number,
): Promise<string> {
  const stdin = ctx.stdin;
  const line = stdin.isTTY
    ? await typedLine(ctx, flag, `Enter the ${what} for ${flag} (typing is hidden): `)
    : await firstLine(stdin, flag, timeoutMs);
  const value = line.trim();
  if (value === '') throw new UsageError(`${flag} ${FROM_STDIN}: no ${what} on stdin`);
  return value;
}

function tooLong(flag: string): UsageError {
  return new UsageError(
    `${flag} ${FROM_STDIN}: stdin holds more than ${MAX_SECRET_LENGTH} characters before a line break`,
  );
}

/** The first line piped in, bounded in time and size; the rest of stdin is left unread. */
function firstLine(stdin: NodeJS.ReadStream, flag: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const finish = (outcome: () => void) => {
      clearTimeout(timer);
      stdin.off('data', onData).off('end', onEnd).off('error', onError);
      // Nothing else reads stdin: let it go, so the process can end once its work is done.
      stdin.destroy();
      outcome();
    };
    const onData = (chunk: string) => {
      text += chunk;
      const end = text.indexOf('\n');
      if (end !== -1) finish(() => resolve(text.slice(0, end)));
      else if (text.length > MAX_SECRET_LENGTH) finish(() => reject(tooLong(flag)));
    };
    const onEnd = () => finish(() => resolve(text));
    const onError = (error: Error) =>
      finish(() => reject(new UsageError(`${flag} ${FROM_STDIN}: could not read stdin (${error.message})`)));
    const timer = setTimeout(
      () =>
        finish(() =>
          reject(new UsageError(`${flag} ${FROM_STDIN}: nothing arrived on stdin within ${timeoutMs} ms`)),
        ),
      timeoutMs,
    );
    stdin.setEncoding('utf8');
    stdin.on('data', onData).once('end', onEnd).once('error', onError);
    stdin.resume();
  });
}

/**
 * A line typed at the terminal with echo off (raw mode): Enter or Ctrl-D ends it, Backspace edits it, Ctrl-C
 * cancels. Nothing typed is shown, not even as stars: the length of a token is a hint too.
 */
function typedLine(ctx: CliContext, flag: string, question: string): Promise<string> {
  const stdin = ctx.stdin;
  ctx.out.prompt(question);
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = (outcome: () => void) => {
      clearTimeout(timer);
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      ctx.out.message(''); // the line break Enter would have echoed
      outcome();
    };
    const onData = (chunk: string) => {
      for (const character of chunk) {
        if (character === '\r' || character === '\n' || character === '\u0004') {
          finish(() => resolve(value));
          return;
        }
        if (character === '\u0003') {
          finish(() => reject(new McpUseError('aborted', `${flag} ${FROM_STDIN}: cancelled`)));
          return;
        }
        if (character === '\u007f' || character === '\b') value = [...value].slice(0, -1).join('');
        else if (character >= ' ') value += character;
        if (value.length > MAX_SECRET_LENGTH) {
          finish(() => reject(tooLong(flag)));
          return;
        }
      }
    };
    const timer = setTimeout(
      () =>
        finish(() =>
          reject(
            new UsageError(
              `${flag} ${FROM_STDIN}: nothing was entered within ${TYPING_TIMEOUT_MS / 60_000} minutes`,
            ),
          ),
        ),
      TYPING_TIMEOUT_MS,
    );
    stdin.setRawMode(true);
    stdin.setEncoding('utf8');
    stdin.on('data', onData);
    stdin.resume();
  });
}
