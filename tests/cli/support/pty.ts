// Runs a command in a pseudo-terminal through util-linux `script` (the child sees a real TTY: readline's line
// editing, history and tab completion are on), and waits, bounded, for what it prints.
import { spawn } from 'node:child_process';

/** Returns to the start of the line: carriage return, cursor to column 1, or erase the whole line. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching terminal escape sequences is the point
const LINE_START = /\r|\x1b\[1G|\x1b\[2K/;
/** Other escape sequences: cursor moves, clears, colours. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching terminal escape sequences is the point
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;

/**
 * What the screen shows, line by line: text drawn over (readline's redraws, a spinner cleared before output)
 * is replaced by what was drawn last.
 */
function screenText(raw: string): string {
  return (
    raw
      .replace(/\r\n/g, '\n')
      .split('\n')
      // A line ending in \r (Enter echoed as \r\r\n) keeps its text: only a return followed by more text overwrites.
      .map((line) => (line.replace(/\r+$/, '').split(LINE_START).pop() ?? '').replace(ANSI, ''))
      .join('\n')
  );
}

export interface PtySession {
  /** Types into the terminal (use `\r` for Enter and `\t` for Tab, as a keyboard sends them). */
  type(text: string): void;
  /** Resolves with the match once output printed since the last expect matches `pattern`. */
  expect(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Everything printed so far, escape sequences removed. */
  output(): string;
  /** Resolves with the exit status (null when it had to be killed after `timeoutMs`). */
  exited(timeoutMs?: number): Promise<number | null>;
}

export function startPty(commandLine: string, env: NodeJS.ProcessEnv, cwd: string): PtySession {
  // -q: no banner, -f: flush every write, -e: return the child's status, -c: the command; no typescript file.
  const child = spawn('script', ['-qfec', commandLine, '/dev/null'], { env, cwd });
  let raw = '';
  let mark = 0;
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    raw += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    raw += chunk;
  });
  const closed = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  const output = () => screenText(raw);

  return {
    type: (text) => {
      child.stdin.write(text);
    },
    output,
    expect: (pattern, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        const deadline = Date.now() + timeoutMs;
        // Polls the collected output: bounded by the deadline, every 25 ms.
        const poll = () => {
          const text = output();
          const match = pattern.exec(text.slice(mark));
          if (match) {
            mark += (match.index ?? 0) + match[0].length;
            resolve(match);
          } else if (Date.now() > deadline) {
            reject(
              new Error(
                `no ${pattern} within ${timeoutMs} ms; output since last match:\n${text.slice(mark)}`,
              ),
            );
          } else setTimeout(poll, 25);
        };
        poll();
      }),
    exited: async (timeoutMs = 10_000) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<null>((resolve) => {
        timer = setTimeout(() => {
          child.kill('SIGKILL');
          resolve(null);
        }, timeoutMs);
      });
      const code = await Promise.race([closed, timeout]);
      clearTimeout(timer);
      return code;
    },
  };
}
