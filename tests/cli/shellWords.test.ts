// How `--stdio "<command line>"` and REPL lines are split into words: like a POSIX shell for simple commands,
// without any expansion.
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/errors';
import { splitCommandLine } from '../../src/cli/shellWords';

describe('splitCommandLine', () => {
  it('splits on whitespace, however much of it', () => {
    expect(splitCommandLine('  node   server.js\t--port 3000 ')).toEqual([
      'node',
      'server.js',
      '--port',
      '3000',
    ]);
  });

  it('keeps quoted words together and drops the quotes', () => {
    expect(splitCommandLine(`node "my server.js" --label 'two words' x"y z"`)).toEqual([
      'node',
      'my server.js',
      '--label',
      'two words',
      'xy z',
    ]);
  });

  it('takes single quotes literally and honours the shell escapes in double quotes and outside', () => {
    expect(splitCommandLine(`'a\\b' "c\\"d\\\\e\\x" f\\ g`)).toEqual(['a\\b', 'c"d\\e\\x', 'f g']);
  });

  it('keeps an empty quoted word', () => {
    expect(splitCommandLine(`cmd '' ""`)).toEqual(['cmd', '', '']);
  });

  it('expands nothing', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the text must reach the program as written
    expect(splitCommandLine('echo $HOME ${HOME} ~ *')).toEqual(['echo', '$HOME', '${HOME}', '~', '*']);
  });

  it('reports an unterminated quote as a usage error', () => {
    expect(() => splitCommandLine(`node 'server.js`)).toThrow(UsageError);
    expect(() => splitCommandLine('node "server.js')).toThrow(/Unterminated double quote/);
  });
});
