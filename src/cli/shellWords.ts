import { UsageError } from './errors';

/**
 * Splits a command line into words the way a POSIX shell does for simple commands: whitespace separates words,
 * 'single quotes' keep everything literally, "double quotes" keep spaces and honour \" \\ \$ \`, and a
 * backslash outside quotes escapes the next character. No expansion of variables, globs or `~`: the words go
 * to the program exactly as written, without a shell in between.
 */
export function splitCommandLine(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < line.length; i += 1) {
    const c = line[i] as string;
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else word += c;
    } else if (quote === '"') {
      if (c === '"') quote = undefined;
      else if (c === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1] as string)) {
        i += 1;
        word += line[i];
      } else word += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === '\\') {
      if (i + 1 < line.length) {
        i += 1;
        word += line[i];
      }
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (quote)
    throw new UsageError(
      `Unterminated ${quote === "'" ? 'single' : 'double'} quote in ${JSON.stringify(line)}`,
    );
  if (inWord) words.push(word);
  return words;
}
