import { describe, expect, it } from 'vitest';
import {
  hasTerminalControls,
  neutralizeTerminalText,
  terminalSafeJson,
} from '../../../src/cli/output/terminalText';

describe('neutralizeTerminalText', () => {
  it('shows ESC, BEL, C1, DEL, bidi controls and a lone carriage return as visible escapes', () => {
    expect(neutralizeTerminalText('a\x1b]0;t\x07b')).toBe('a\\x1b]0;t\\x07b');
    expect(neutralizeTerminalText('\x9b2J\x7f')).toBe('\\x9b2J\\x7f');
    expect(neutralizeTerminalText('file\u202egpj.exe\u2066x\u2069')).toBe(
      'file\\u202egpj.exe\\u2066x\\u2069',
    );
    expect(neutralizeTerminalText('done\rOK')).toBe('done\\x0dOK');
  });

  it('keeps newlines (CRLF as a newline), tabs and ordinary Unicode, and is idempotent', () => {
    expect(neutralizeTerminalText('line 1\r\nline 2\n\tindented — é 日本')).toBe(
      'line 1\nline 2\n\tindented — é 日本',
    );
    const once = neutralizeTerminalText('x\x1b[2Jy\u202e');
    expect(neutralizeTerminalText(once)).toBe(once);
  });

  it('tells whether a text holds controls', () => {
    expect(hasTerminalControls('plain name')).toBe(false);
    expect(hasTerminalControls('a\r\nb')).toBe(false);
    expect(hasTerminalControls('steal\x1b[2J')).toBe(true);
    expect(hasTerminalControls('x\u202ey')).toBe(true);
  });
});

describe('terminalSafeJson', () => {
  it('escapes what JSON.stringify leaves raw, and parses back to the same value', () => {
    const value = { name: 'a\x1b[2J', text: 'b\x9b31m\u202ec\u2028d', ok: 'é' };
    const json = terminalSafeJson(value);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for exactly these
    expect(json).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u202e]/);
    expect(json).toContain('\\u009b');
    expect(json).toContain('\\u202e');
    expect(JSON.parse(json)).toEqual(value);
  });
});
