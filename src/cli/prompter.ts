/**
 * Questions to the person at the terminal, for what a server asks in the middle of a call (elicitation). One
 * readline over stdin for the whole command, created on the first question: a second reader on the same stdin
 * would lose what the first had buffered (lines piped in by a script). Questions go to stderr, like every
 * message; the answers come from stdin, a terminal or a pipe.
 */
import { createInterface, type Interface } from 'node:readline';

export interface Prompter {
  /** The line typed; undefined when stdin has ended (Ctrl-D, or a pipe with no more lines) or `signal` aborts. */
  ask(question: string, signal?: AbortSignal): Promise<string | undefined>;
  /** Whether a person can answer (stdin is a terminal). */
  readonly interactive: boolean;
  close(): void;
}

/** A prompter over an open readline (the REPL's own). */
export function readlinePrompter(rl: Interface, interactive: boolean): Prompter {
  let ended = false;
  rl.once('close', () => {
    ended = true;
  });
  return {
    interactive,
    ask: (question, signal) =>
      new Promise((resolve) => {
        if (ended || signal?.aborted) return resolve(undefined);
        const onClose = () => resolve(undefined);
        rl.once('close', onClose);
        rl.question(question, signal ? { signal } : {}, (answer) => {
          rl.off('close', onClose);
          resolve(answer);
        });
        signal?.addEventListener('abort', () => resolve(undefined), { once: true });
      }),
    close: () => rl.close(),
  };
}

/**
 * Piped answers: lines read as they come and kept until asked for (a script may pipe them all at once, before
 * the first question), so none is lost between two questions.
 */
function queuedPrompter(rl: Interface, write: (text: string) => void): Prompter {
  const lines: string[] = [];
  const waiting: ((line: string | undefined) => void)[] = [];
  let ended = false;
  rl.on('line', (line) => {
    const next = waiting.shift();
    if (next) next(line);
    else lines.push(line);
  });
  rl.once('close', () => {
    ended = true;
    for (const next of waiting.splice(0)) next(undefined);
  });
  return {
    interactive: false,
    ask: (question, signal) => {
      write(question);
      const answered = (line: string | undefined) => {
        write('\n'); // what follows starts on a line of its own (a piped answer is not echoed)
        return line;
      };
      if (lines.length > 0) return Promise.resolve(answered(lines.shift()));
      if (ended || signal?.aborted) return Promise.resolve(answered(undefined));
      return new Promise((resolve) => {
        const next = (line: string | undefined) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(answered(line));
        };
        const onAbort = () => {
          waiting.splice(waiting.indexOf(next), 1);
          resolve(answered(undefined));
        };
        waiting.push(next);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
    close: () => rl.close(),
  };
}

/** The process's prompter: stdin and stderr, opened on the first question. */
export function processPrompter(onInterrupt: () => void): Prompter {
  let opened: Prompter | undefined;
  const interactive = process.stdin.isTTY === true;
  const open = () => {
    if (opened) return opened;
    if (!interactive) {
      opened = queuedPrompter(createInterface({ input: process.stdin, terminal: false }), (text) =>
        process.stderr.write(text),
      );
      return opened;
    }
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    // In a terminal, readline takes Ctrl-C for itself: pass it on, so it still cancels the call.
    rl.on('SIGINT', onInterrupt);
    opened = readlinePrompter(rl, true);
    return opened;
  };
  return {
    interactive,
    ask: (question, signal) => open().ask(question, signal),
    close: () => opened?.close(),
  };
}
