import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigFileError, ConfigNotFoundError } from '../errors';

/** Where in `text` the parser stopped, from V8's "… at position N" message, as 1-based line and column. */
export function locate(text: string, error: unknown): string {
  const match = /at position (\d+)/.exec(error instanceof Error ? error.message : '');
  if (!match) return '';
  const before = text.slice(0, Number(match[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return ` (line ${line}, column ${column})`;
}

/**
 * Reads and parses a JSON configuration file. A relative path is taken from the current working directory.
 * Throws ConfigNotFoundError when the file is missing and ConfigFileError when it cannot be read or parsed.
 * The parser's own message is left out on purpose: V8 quotes the text around the error, which may be a token.
 */
export function readConfigFile(path: string, cwd: string = process.cwd()): unknown {
  const absolute = resolve(cwd, path);
  let text: string;
  try {
    text = readFileSync(absolute, 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new ConfigNotFoundError(absolute, { cause: error });
    throw new ConfigFileError(
      `Could not read MCP config file ${absolute} (${String(code ?? 'unknown error')})`,
      absolute,
      {
        cause: error,
      },
    );
  }
  // Editors on Windows like to start UTF-8 files with a byte order mark, which JSON.parse refuses.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ConfigFileError(
      `MCP config file ${absolute} is not valid JSON${locate(text, error)}`,
      absolute,
    );
  }
}
