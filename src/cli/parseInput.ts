import { locate } from '../node/config/readConfigFile';
import { UsageError } from './errors';

// RFC 9110 §5.1: a field name is a token.
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

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
  if (!HEADER_NAME.test(name)) {
    throw new UsageError(`--header expects 'Name: value', got ${JSON.stringify(text.slice(0, 40))}`);
  }
  const value = text.slice(colon + 1).trim();
  if (/[\r\n\0]/.test(value)) throw new UsageError(`--header ${name} contains a line break`);
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

/** `--timeout <ms>`: a positive number of milliseconds, or undefined when not given. */
export function parseTimeout(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const ms = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(ms) || ms < 1) {
    throw new UsageError(`--timeout expects a number of milliseconds, got ${JSON.stringify(text)}`);
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
