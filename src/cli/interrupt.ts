/**
 * Ctrl-C while a command works: the first one cancels the work (the server is told: `notifications/cancelled`,
 * or `tasks/cancel` for a task) and the command exits 130 once that is sent; a second one exits at once.
 */
import type { CliContext } from './context';
import { CancelledError, ExitCode } from './errors';

type Handler = () => void;

/** Who hears Ctrl-C: the handlers registered while work runs, the newest first. */
export class Interrupts {
  readonly #handlers: Handler[] = [];
  readonly #listen: ((active: boolean) => void) | undefined;

  /** `listen(true)` when the first handler is registered, `listen(false)` when the last one goes. */
  constructor(listen?: (active: boolean) => void) {
    this.#listen = listen;
  }

  /** Registers a handler while some work runs; returns its removal. */
  on(handler: Handler): () => void {
    this.#handlers.push(handler);
    if (this.#handlers.length === 1) this.#listen?.(true);
    return () => {
      const index = this.#handlers.lastIndexOf(handler);
      if (index < 0) return;
      this.#handlers.splice(index, 1);
      if (this.#handlers.length === 0) this.#listen?.(false);
    };
  }

  /** Ctrl-C: tells the newest handler; false when nothing was listening. */
  fire(): boolean {
    const handler = this.#handlers.at(-1);
    handler?.();
    return handler !== undefined;
  }
}

/**
 * The process's Ctrl-C: while work runs, SIGINT goes to it (Node's default, ending the process, otherwise). A
 * second Ctrl-C, while the first one's cancellation is still being sent, exits at once.
 */
export function processInterrupts(): Interrupts {
  let fired = 0;
  const onSigint = () => {
    fired += 1;
    if (fired > 1 || !interrupts.fire()) process.exit(ExitCode.cancelled);
  };
  const interrupts = new Interrupts((active) => {
    if (active) process.on('SIGINT', onSigint);
    else process.off('SIGINT', onSigint);
  });
  return interrupts;
}

/**
 * Runs `work` with a signal that Ctrl-C aborts. Work that ends because of it rejects with CancelledError
 * (exit 130), naming what was cancelled.
 */
export async function interruptible<T>(
  ctx: CliContext,
  what: string | (() => string),
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const name = () => (typeof what === 'function' ? what() : what);
  const abort = new AbortController();
  const off = ctx.interrupts.on(() => {
    if (!abort.signal.aborted) ctx.out.message(`Cancelling ${name()}…`);
    abort.abort();
  });
  try {
    return await work(abort.signal);
  } catch (error) {
    if (abort.signal.aborted) throw new CancelledError(`Cancelled ${name()}`, { cause: error });
    throw error;
  } finally {
    off();
  }
}
