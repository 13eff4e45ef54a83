import { isHttpToken, isSendableHeaderValue } from '../core/httpRules';
import { locate } from '../node/config/readConfigFile';
import { UsageError } from './errors';

export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The JSON object of a tool's or prompt's arguments; anything else is a usage error saying what was expected. */
export function parseJsonArguments(text: string | undefined, what: string): Record<string, unknown> {
  if (text === undefined || text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(
      `Invalid JSON arguments for ${what}${locate(text, error)}: expected an object such as '{"name":"value"}'`,
    );
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new UsageError(`Arguments for ${what} must be a JSON object such as '{"name":"value"}'`);
  }
  return value as Record<string, unknown>;
}

/** `--header 'Name: value'`. */
export function parseHeader(text: string): [string, string] {
  const colon = text.indexOf(':');
  const name = colon > 0 ? text.slice(0, colon).trim() : '';
  if (!isHttpToken(name)) {
    throw new UsageError(`--header expects 'Name: value', got ${JSON.stringify(text.slice(0, 40))}`);
  }
  const value = text.slice(colon + 1).trim();
  if (!isSendableHeaderValue(value)) throw new UsageError(`--header ${name} contains a line break`);
  return [name, value];
}

/** `--env NAME=value`. */
export function parseEnvAssignment(text: string): [string, string] {
  const equals = text.indexOf('=');
  const name = equals > 0 ? text.slice(0, equals) : '';
  if (!ENV_NAME.test(name)) {
    throw new UsageError(`--env expects NAME=value, got ${JSON.stringify(text.slice(0, 40))}`);
  }
  return [name, text.slice(equals + 1)];
}

/** A port number from the command line. */
export function parsePort(text: string, flag: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || !Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new UsageError(`${flag} expects a port number from 1 to 65535, got ${JSON.stringify(text)}`);
  }
  return port;
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };
/** setTimeout's limit: a longer delay fires at once (Node warns and uses 1 ms). */
const MAX_TIMEOUT_MS = 2_147_483_647;

/**
 * `--timeout`: milliseconds (`5000`) or a duration with a unit (`1500ms`, `30s`, `2.5m`, `1h`); undefined when
 * the flag was not given. Zero or no limit is not offered: every wait has a deadline.
 */
export function parseTimeout(text: string | undefined, flag = '--timeout'): number | undefined {
  if (text === undefined) return undefined;
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  const ms = match ? Math.round(Number(match[1]) * (UNIT_MS[match[2] ?? 'ms'] as number)) : Number.NaN;
  if (!(ms >= 1 && ms <= MAX_TIMEOUT_MS)) {
    throw new UsageError(
      `${flag} expects a time above zero, in milliseconds (5000) or with a unit (1500ms, 30s, 2m, 1h), got ${JSON.stringify(text.slice(0, 40))}`,
    );
  }
  return ms;
}

/** `--count <n>`: a positive whole number, or undefined when not given. */
export function parseCount(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n < 1) {
    throw new UsageError(`${flag} expects a whole number from 1, got ${JSON.stringify(text)}`);
  }
  return n;
}

/** Commander's collector for repeatable options. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
