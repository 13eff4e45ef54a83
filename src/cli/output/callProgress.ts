/**
 * What a long call shows while it runs: in a terminal, a spinner whose line counts the server's progress and
 * names the task status; the server's own words (progress messages, task status messages) as lines through
 * Output, each once. Without a terminal, the same lines without the spinner, so a log still tells the story.
 */
import type { Progress, Task } from '../../core/types';
import type { Output } from './Output';
import { startSpinner } from './spinner';

export interface CallProgress {
  onProgress(progress: Progress): void;
  onTaskStatus(task: Task): void;
  /** The last task status heard (for the message after a cancel or a `--no-wait`). */
  readonly task: Task | undefined;
  stop(): void;
}

function fraction(progress: Progress): string {
  if (progress.total === undefined || progress.total <= 0) return `${progress.progress}`;
  const percent = Math.round((progress.progress / progress.total) * 100);
  return `${progress.progress}/${progress.total} (${percent}%)`;
}

export function showCallProgress(out: Output, what: string): CallProgress {
  const spinner = startSpinner(`${what}…`, out.isErrTTY);
  let task: Task | undefined;
  let lastProgress = '';
  let lastMessage = '';
  /** A line of the server's text, cleared of the spinner first, and only when it says something new. */
  const say = (message: string | undefined) => {
    if (!message || message === lastMessage) return;
    lastMessage = message;
    spinner.interrupt(() => out.message(`  ${message}`));
  };
  return {
    get task() {
      return task;
    },
    onProgress(progress) {
      const text = fraction(progress);
      if (out.isErrTTY) spinner.update(`${what}… ${text}`);
      else if (text !== lastProgress) out.message(`${what}: ${text}`);
      lastProgress = text;
      say(progress.message);
    },
    onTaskStatus(next) {
      const first = task === undefined;
      const changed = next.status !== task?.status;
      task = next;
      // The task id is the server's text: it goes through Output, never into the spinner's own line.
      if (first) spinner.interrupt(() => out.message(`${what}: running as task ${next.taskId}`));
      if (out.isErrTTY) spinner.update(`${what}: ${next.status}…`);
      else if (changed) out.message(`${what}: ${next.status}`);
      say(next.statusMessage);
    },
    stop: () => spinner.stop(),
  };
}
