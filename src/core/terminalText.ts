/**
 * Server-controlled text (names, descriptions, results, error messages, an authorization server's
 * `error_description`) is shown in the user's terminal. Control characters in it are commands to the terminal:
 * ESC starts sequences that retitle the window, clear the screen, fake hyperlinks (OSC 8) or write the
 * clipboard (OSC 52); C1 controls do the same in one byte; a bare carriage return overwrites what was printed;
 * bidi overrides reorder what the user reads. They are shown as visible escapes (`\x1b`, `\u202e`) instead —
 * never deleted, so that what a server sent stays visible.
 */

// C0 controls except tab and newline, DEL, C1 controls, and the Unicode bidi controls (Unicode TR9:
// LRE/RLE/PDF/LRO/RLO, LRI/RLI/FSI/PDI, LRM/RLM/ALM).
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this module's job
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
// What JSON.stringify leaves raw although a terminal acts on it.
const UNSAFE_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

function visible(char: string): string {
  const code = char.charCodeAt(0);
  return code <= 0xff
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** `text` with every character a terminal would act on shown as a visible escape; newlines and tabs stay. */
export function neutralizeTerminalText(text: string): string {
  // A CRLF line ending is a line ending; a lone CR is the overwrite trick.
  return text.replace(/\r\n/g, '\n').replace(UNSAFE, visible);
}

/** Whether `text` holds anything neutralizeTerminalText would escape. */
export function hasTerminalControls(text: string): boolean {
  UNSAFE.lastIndex = 0;
  const found = UNSAFE.test(text.replace(/\r\n/g, '\n'));
  UNSAFE.lastIndex = 0;
  return found;
}

/**
 * JSON for a terminal or a pipe: JSON.stringify escapes C0 controls itself; the C1 and bidi controls it leaves
 * raw are written as `\uXXXX` escapes too. The value a JSON parser reads is unchanged.
 */
export function terminalSafeJson(value: unknown, indent = 2): string {
  return (JSON.stringify(value, null, indent) ?? 'null').replace(
    UNSAFE_IN_JSON,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
