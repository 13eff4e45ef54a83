import { z } from 'zod';
import { SETTING_NAMES } from '../../auth/settingNames';
import {
  ownedParameterProblem,
  resourceProblem,
  TOKEN_ENDPOINT_AUTH_METHOD_PROBLEM,
  TOKEN_ENDPOINT_AUTH_METHODS,
  trustIssuerProblem,
} from '../../auth/settingRules';
import { isHttpToken, isSendableHeaderValue } from '../../core/httpRules';
import { loopbackRedirectProblem } from '../oauth/loopbackCallback';
import { inspectEnvTemplate } from './envReferences';

/*
 * Schemas of the single values a server entry holds, each with the message for a wrong value. A message is the
 * end of a sentence about its field (`must be a string, not a number`); ./entryIssue.ts puts the field's path
 * in front. A wrong value is described by its kind only, never quoted: values are often secrets.
 */

/** How a wrong value is named in a message: by its kind, never by its content. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

/** `must be <what>, not a number`: what the field expects, and the kind of value it holds instead. */
export const expected = (what: string, found: unknown) => `must be ${what}, not ${describeValue(found)}`;

/** The error option of a schema whose wrong value reads `must be <what>, not a number`. */
export const mustBe = (what: string) => ({
  error: (issue: { input?: unknown }) => expected(what, issue.input),
});

/** What JSON makes of `{…}`: an object whose prototype is Object's (or none), not a Map, a Date or a class instance. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * `schema` for plain objects only: zod's object schemas take any object (a Map, a class instance), which a
 * configuration never holds. `message` says what was expected instead of `value`.
 */
export function plainObject<S extends z.ZodType>(schema: S, message: (value: unknown) => string) {
  return z.preprocess<unknown, S, z.input<S>>((value, ctx) => {
    if (!isPlainObject(value)) ctx.addIssue({ code: 'custom', message: message(value) });
    return value;
  }, schema);
}

/** Why a header value cannot be sent; the value itself is never quoted (it is often a secret). */
export const HEADER_VALUE_PROBLEM = 'contains a line break or NUL character, which HTTP headers cannot carry';

export const CLIENT_METADATA_URL_PROBLEM =
  'must be an https: URL with a path and no fragment (http: only on 127.0.0.1, localhost or [::1])';

/** `problem`, and the text as written (`shown`, never a resolved value): for URLs, which are no secrets. */
export const quotingValue = (problem: string, shown: string) => `${problem}, not ${JSON.stringify(shown)}`;

/** Why a Client ID Metadata Document URL was refused; `shown` is the text as written, never a resolved value. */
export function clientMetadataUrlProblem(shown: string): string {
  return quotingValue(CLIENT_METADATA_URL_PROBLEM, shown);
}

type LiteralRule = (text: string) => { message: string; params?: Record<string, unknown> } | undefined;

/**
 * A string that may hold `${VAR}` references: their syntax is checked when the configuration is loaded, their
 * values are read per session. `literal` checks text without references; text built from references can only
 * be checked once they are resolved (./resolveServer.ts does).
 */
export function templated(text: z.ZodString, literal?: LiteralRule) {
  return text.superRefine((value, ctx) => {
    const references = inspectEnvTemplate(value);
    const issue =
      'problem' in references
        ? { message: references.problem }
        : literal !== undefined && !references.hasReferences
          ? literal(value)
          : undefined;
    if (issue !== undefined) ctx.addIssue({ code: 'custom', ...issue });
  });
}

export const text = z.string(mustBe('a string'));

const nonBlank = (schema: z.ZodString, message: string) =>
  schema.refine((value) => value.trim() !== '', { error: message });

/** A name, command or directory: a blank one is as wrong as a missing one. */
export const nonEmptyText = templated(nonBlank(text, 'must not be empty'));

const NON_EMPTY_STRING = 'must be a non-empty string';
/** An OAuth parameter: "a non-empty string", for a wrong type and a blank value alike. */
export const oauthText = (literal?: LiteralRule) =>
  templated(nonBlank(z.string({ error: NON_EMPTY_STRING }), NON_EMPTY_STRING), literal);

const stringValues = (value: unknown) => expected('an object of string values', value);

/** An object of string values (headers, environment variables) whose names follow `isName`. */
function namedStrings(isName: (name: string) => boolean, nameRule: string) {
  const invalidName = (issue: { input?: unknown }) =>
    `has an invalid name ${JSON.stringify(String(issue.input))} (${nameRule})`;
  const name = z.string({ error: invalidName }).refine(isName, { error: invalidName });
  return plainObject(
    z.record(name, templated(text), { error: (issue) => stringValues(issue.input) }),
    stringValues,
  );
}

export const headers = namedStrings(isHttpToken, 'not an HTTP header name').superRefine((headers, ctx) => {
  for (const [name, value] of Object.entries(headers)) {
    if (!isSendableHeaderValue(value))
      ctx.addIssue({ code: 'custom', path: [name], message: HEADER_VALUE_PROBLEM });
  }
});

// Node's spawn rejects environment variable names that are empty or contain '=' or NUL.
export const environment = namedStrings(
  (name) => name !== '' && !/[=\0]/.test(name),
  'not an environment variable name',
);

/** A URL in authorization-server metadata; a missing one and one that is not a string read the same. */
export const metadataUrl = z
  .string({ error: 'is required' })
  .refine((url) => URL.canParse(url), { error: 'must be an absolute URL' });

const PORT = 'must be a port number from 1 to 65535';
// A plain number check rather than z.int(): a failed z.int() stops the rules across fields from running.
export const port = z
  .number({ error: PORT })
  .refine((n) => Number.isInteger(n) && n >= 1 && n <= 65_535, { error: PORT });

const MILLISECONDS = 'must be a positive number of milliseconds';
export const milliseconds = z.number({ error: MILLISECONDS }).positive({ error: MILLISECONDS });

/** A literal rule from a `problem(value)` function, its message quoting the value (a URL, never a secret). */
const quotingRule =
  (problem: (value: string) => string | undefined): LiteralRule =>
  (value) => {
    const found = problem(value);
    return found === undefined ? undefined : { message: quotingValue(found, value) };
  };

/** `redirect_uri`: the loopback URL the sign-in listener takes, exactly. */
export const redirectUri = oauthText(quotingRule(loopbackRedirectProblem));

/** `trust_issuer`: the issuer URL to accept in place of the one the server names. */
export const trustIssuer = oauthText(quotingRule(trustIssuerProblem));

export const tokenEndpointAuthMethod = z.enum(TOKEN_ENDPOINT_AUTH_METHODS, {
  error: TOKEN_ENDPOINT_AUTH_METHOD_PROBLEM,
});

/** `resource`: false (leave the parameter out) or the URL to send instead of the server's identifier. */
export const resourceSetting = z.union(
  [z.literal(false), oauthText(quotingRule((value) => resourceProblem(value)))],
  {
    error: (issue) =>
      `${resourceProblem(issue.input)}, not ${typeof issue.input === 'string' ? JSON.stringify(issue.input) : describeValue(issue.input)}`,
  },
);

const parameters = (value: unknown) => expected('an object of string values', value);

/**
 * `authorization_params`: extra authorization-request parameters, never one the sign-in owns (each message names
 * the setting to use instead, as a config entry calls it).
 */
export const authorizationParams = plainObject(
  z.record(z.string(), templated(text), { error: (issue) => parameters(issue.input) }),
  parameters,
).superRefine((params, ctx) => {
  for (const key of Object.keys(params)) {
    const problem = ownedParameterProblem(key, (name) => SETTING_NAMES[name].config);
    if (problem) ctx.addIssue({ code: 'custom', path: [key], message: problem });
  }
});

export const flag = z.boolean(mustBe('true or false'));
