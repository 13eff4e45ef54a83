/**
 * Where a command writes: data (tables, JSON, tool output) to stdout, so it can be piped; everything meant for
 * the person at the terminal (progress, confirmations, errors) to stderr.
 */
import { neutralizeTerminalText, terminalSafeJson } from './terminalText';

export interface Output {
  /** One line (or block) of data on stdout. */
  data(text: string): void;
  /** A message for the user on stderr. */
  message(text: string): void;
  /** A question on stderr, without a line break: the next keystrokes answer it. */
  prompt(text: string): void;
  /** Data as JSON on stdout (pretty-printed: still one value for `jq`). */
  json(value: unknown): void;
  /** Whether stdout is a terminal (tables are cut to its width). */
  readonly isTTY: boolean;
  /** Whether stderr is a terminal (spinners). */
  readonly isErrTTY: boolean;
  readonly columns: number;
}

/**
 * Every human output path ends here, so server text can never drive the terminal (see terminalText.ts); JSON
 * keeps every value and escapes what a terminal would act on.
 */
export function processOutput(): Output {
  const line = (text: string) => {
    const safe = neutralizeTerminalText(text);
    return safe.endsWith('\n') ? safe : `${safe}\n`;
  };
  return {
    data: (text) => process.stdout.write(line(text)),
    message: (text) => process.stderr.write(line(text)),
    prompt: (text) => process.stderr.write(neutralizeTerminalText(text)),
    json: (value) => process.stdout.write(`${terminalSafeJson(value)}\n`),
    isTTY: process.stdout.isTTY === true,
    isErrTTY: process.stderr.isTTY === true,
    // A pseudo-terminal that was never sized reports 0 columns.
    columns: process.stdout.columns || 80,
  };
}

/** Error messages are one line: a message that spans several (an SDK's, a server's) is joined. */
export function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
