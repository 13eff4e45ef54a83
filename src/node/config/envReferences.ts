import { ConfigError } from '../../core/errors';
import { MissingEnvVarError } from '../errors';

/** Where `${VAR}` references are looked up: `process.env` unless the client was given another source. */
export type EnvSource = Readonly<Record<string, string | undefined>>;

/** A string split into literal text and variable references. */
export type EnvTemplatePart = { readonly text: string } | { readonly variable: string };

// Same rule as POSIX shell names, so a reference reads the same in a config file and in a shell.
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
// `$${` is the escape for a literal `${`; otherwise `${`, a name, and (if present) the closing brace.
const REFERENCE = /\$\$\{|\$\{([^}]*)(\})?/g;
const SHOWN_REFERENCE_MAX = 40;

/** `value` split into text and references, or the first malformed reference in it (shortened to show). */
function splitEnvTemplate(value: string): { parts: EnvTemplatePart[] } | { malformed: string } {
  const parts: EnvTemplatePart[] = [];
  let text = '';
  let last = 0;
  for (const match of value.matchAll(REFERENCE)) {
    text += value.slice(last, match.index);
    last = match.index + match[0].length;
    if (match[0] === '$${') {
      text += '${';
      continue;
    }
    const [reference, name = '', closed] = match;
    if (closed === undefined || !VARIABLE_NAME.test(name)) {
      return {
        malformed:
          reference.length > SHOWN_REFERENCE_MAX ? `${reference.slice(0, SHOWN_REFERENCE_MAX)}…` : reference,
      };
    }
    if (text) parts.push({ text });
    text = '';
    parts.push({ variable: name });
  }
  text += value.slice(last);
  if (text) parts.push({ text });
  return { parts };
}

function malformedReferenceProblem(shown: string): string {
  return (
    `has a malformed environment reference ${JSON.stringify(shown)} ` +
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the message shows the reference syntax itself
    '(expected ${NAME} with letters, digits and underscores; write $${ for a literal ${)'
  );
}

/**
 * Checks the references in `value` without throwing: what is wrong with them, as the end of a sentence about
 * its field (`has a malformed environment reference …`), or whether there is any reference at all.
 */
export function inspectEnvTemplate(value: string): { problem: string } | { hasReferences: boolean } {
  const split = splitEnvTemplate(value);
  if ('malformed' in split) return { problem: malformedReferenceProblem(split.malformed) };
  return { hasReferences: split.parts.some((part) => 'variable' in part) };
}

/**
 * Splits `value` into text and `${VAR}` references. Throws a ConfigError naming `field` for a reference that
 * is unterminated or whose name is not a valid variable name (the escape `$${` gives a literal `${`).
 */
export function parseEnvTemplate(value: string, field: string, serverName?: string): EnvTemplatePart[] {
  const split = splitEnvTemplate(value);
  if ('parts' in split) return split.parts;
  throw new ConfigError(`${field} ${malformedReferenceProblem(split.malformed)}`, {
    field,
    ...(serverName !== undefined ? { serverName } : {}),
  });
}

/** Whether `value` contains at least one `${VAR}` reference (escapes do not count). */
export function hasEnvReferences(value: string, field: string): boolean {
  return parseEnvTemplate(value, field).some((part) => 'variable' in part);
}

/** Replaces every `${VAR}` in `value` from `env`; a variable that is not set is a MissingEnvVarError. */
export function resolveEnvTemplate(
  value: string,
  field: string,
  env: EnvSource,
  serverName?: string,
): string {
  let result = '';
  for (const part of parseEnvTemplate(value, field, serverName)) {
    if ('text' in part) {
      result += part.text;
      continue;
    }
    const resolved = env[part.variable];
    if (resolved === undefined) {
      throw new MissingEnvVarError(part.variable, field, serverName !== undefined ? { serverName } : {});
    }
    result += resolved;
  }
  return result;
}

/**
 * Resolves references in every string inside `value` (objects and arrays are walked, other values kept).
 * `field` is the path of `value` in the configuration, extended per level (`.key`, `[index]`) so an error
 * names the exact field.
 */
export function resolveEnvReferences<T>(value: T, field: string, env: EnvSource, serverName?: string): T {
  if (typeof value === 'string') return resolveEnvTemplate(value, field, env, serverName) as T;
  if (Array.isArray(value)) {
    return value.map((item, index) => resolveEnvReferences(item, `${field}[${index}]`, env, serverName)) as T;
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        key,
        resolveEnvReferences(item, `${field}.${key}`, env, serverName),
      ]),
    ) as T;
  }
  return value;
}
