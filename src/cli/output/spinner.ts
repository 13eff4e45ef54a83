/**
 * A spinner on stderr while waiting on the network, shown only when stderr is a terminal (never in pipes,
 * logs or tests). `stop()` clears its line and its timer.
 */
import { neutralizeTerminalText } from './terminalText';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const FRAME_MS = 80;

export interface Spinner {
  update(text: string): void;
  /** Clears the spinner's line, lets `print` write, and draws the spinner again below. */
  interrupt(print: () => void): void;
  stop(): void;
}

export function startSpinner(text: string, enabled: boolean): Spinner {
  if (!enabled) return { update: () => undefined, interrupt: (print) => print(), stop: () => undefined };
  let label = text;
  let frame = 0;
  const draw = () => {
    // Our own escape sequence redraws the line; the label (it may be server text) cannot add any.
    process.stderr.write(`\r\x1b[2K${FRAMES[frame % FRAMES.length]} ${neutralizeTerminalText(label)}`);
    frame += 1;
  };
  draw();
  let timer: ReturnType<typeof setInterval> | undefined = setInterval(draw, FRAME_MS);
  return {
    update: (next) => {
      label = next;
    },
    interrupt: (print) => {
      if (timer !== undefined) process.stderr.write('\r\x1b[2K');
      print();
      if (timer !== undefined) draw();
    },
    stop: () => {
      if (timer === undefined) return;
      clearInterval(timer);
      timer = undefined;
      process.stderr.write('\r\x1b[2K');
    },
  };
}

/** Shows a spinner (terminal only) while `work` runs, and clears it before anything is printed. */
export async function whileWaiting<T>(label: string, enabled: boolean, work: () => Promise<T>): Promise<T> {
  const spinner = startSpinner(label, enabled);
  try {
    return await work();
  } finally {
    spinner.stop();
  }
}
