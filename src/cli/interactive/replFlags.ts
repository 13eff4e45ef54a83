import { UsageError } from '../errors';

/** The flags a REPL line may carry (the CLI's own, for the verbs that take them). */
export interface ReplFlags {
  json?: boolean;
  wait?: boolean;
  task?: boolean;
  save?: string;
  timeout?: string;
  count?: string;
}

const SWITCHES: Record<string, Partial<ReplFlags>> = {
  '--json': { json: true },
  '--no-wait': { wait: false },
  '--task': { task: true },
};
const VALUED = { '--save': 'save', '--timeout': 'timeout', '--count': 'count' } as const;

/** Splits a line's words into its words proper and its flags, wherever the flags stand. */
export function replFlags(all: readonly string[]): { words: string[]; flags: ReplFlags } {
  const words: string[] = [];
  const flags: ReplFlags = {};
  for (let i = 0; i < all.length; i += 1) {
    const word = all[i]!;
    const valued = VALUED[word as keyof typeof VALUED];
    if (word in SWITCHES) Object.assign(flags, SWITCHES[word]);
    else if (valued) {
      const value = all[i + 1];
      if (value === undefined) throw new UsageError(`${word} needs a value`);
      flags[valued] = value;
      i += 1;
    } else words.push(word);
  }
  return { words, flags };
}
